'use strict';
// What every demo-data module shares: the seeded generator that makes the
// same data on every run, and freezing the result so no request can
// change it by accident.

// mulberry32: 32-bit state, uniform floats in [0, 1). Integer arithmetic
// only, so the sequence is identical on every JavaScript engine.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deepFreeze(o) {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

module.exports = { mulberry32, deepFreeze };
