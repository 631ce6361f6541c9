'use strict';
// tests/lib/mindata.js: the minimum-data check (DESIGN.md rule 6, issue 10
// audit 3) that t0081 (job documents) and t0054 (every other document)
// share. A document's leaves are read with graphql-js over the sandbox's
// schema; a leaf counts as used when marking it in the sandbox (switch
// mark_fields: strings marked, numbers moved, booleans flipped, enums
// rotated) changes a page that uses the document.
//
//   const md = require('../lib/mindata');
//   md.selected(schema, doc)          {leaves, all}: "Type.field" lists
//   md.withExtraLeaf(doc, 'x', 'node') the document with leaf x added under
//                                     every field named 'node'
//   const m = md.marker(st, render)   render(): [{url, status, html}] (html
//                                     normalised by the caller)
//   await m.changes(doc, leaf)        {changed, where}: plain then marked
//   m.verdict(doc, leaves)            {pass, used, unused}
//   md.firstDiff(a, b)                where two renders first differ

const { parse, visit, visitWithTypeInfo, TypeInfo, getNamedType, isLeafType } = require('graphql');

// Every field the document selects, as "Type.field", by TypeInfo (aliases
// and fragments count by the real type and name): {leaves, all}.
// Introspection (__type and the fields of __Type, __Field, ...) is not
// Upwork data and is left out.
function selected(schema, doc) {
  const leaves = new Set();
  const all = new Set();
  const ti = new TypeInfo(schema);
  visit(doc, visitWithTypeInfo(ti, {
    Field(node) {
      const parent = ti.getParentType();
      const def = ti.getFieldDef();
      if (!parent || !def || node.name.value.startsWith('__') || parent.name.startsWith('__')) return;
      const key = `${parent.name}.${node.name.value}`;
      all.add(key);
      if (isLeafType(getNamedType(def.type))) leaves.add(key);
    },
  }));
  return { leaves: [...leaves].sort(), all: [...all].sort() };
}

// The document with one more leaf under every field called `under`.
function withExtraLeaf(doc, field, under) {
  const extra = parse(`{ ${field} }`).definitions[0].selectionSet.selections[0];
  return visit(doc, {
    Field(node) {
      if (node.name.value !== under) return undefined;
      return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, extra] } };
    },
  });
}

function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 30);
  const clip = (s) => JSON.stringify(s.slice(from, i + 50)).slice(0, 120);
  return `at ${i}: ${clip(a)} -> ${clip(b)}`;
}

// render(docName) renders the pages of one document (a fresh sign-in and
// its pages, for the sign-in document).
function marker(st, render) {
  const results = new Map(); // "doc|leaf" -> {changed, where}
  async function changes(docName, leaf) {
    await st.sb.config({ mark_fields: [] });
    const plain = await render(docName);
    await st.sb.config({ mark_fields: [leaf] });
    const marked = await render(docName);
    await st.sb.config({ mark_fields: [] });
    const where = [];
    plain.forEach((p, k) => {
      const m = marked[k];
      if (p.status !== m.status || p.html !== m.html) {
        where.push(`${p.url} ${p.status !== m.status ? `${p.status}->${m.status} ` : ''}${firstDiff(p.html, m.html)}`);
      }
    });
    const r = { changed: where.length > 0, where };
    results.set(`${docName}|${leaf}`, r);
    return r;
  }
  function verdict(docName, leaves) {
    const used = leaves.filter((l) => results.get(`${docName}|${l}`)?.changed === true);
    const unused = leaves.filter((l) => !used.includes(l));
    return { pass: unused.length === 0, used, unused };
  }
  return { changes, verdict };
}

module.exports = { selected, withExtraLeaf, firstDiff, marker };
