'use strict';
// The rules of the contracts area: who may see a contract or milestone, and
// the contract actions (end, pause, restart, fund, approve, reject) with
// their role and state checks. Every action changes the in-memory state in
// data-contracts.js and is recorded there (GET /__sandbox/contracts), failed
// ones included, so a test can assert "exactly one mutation".
//
// Errors, in Upwork's classes (graphql.js formats them):
//   unknown id                       plain Error  -> DataFetchingException
//   another organization's object    ExecutionAborted "Authorization failed: ..."
//   wrong side for the action        ExecutionAborted "Authorization failed: ..."
//   state or input not acceptable    plain Error  -> DataFetchingException

const { classifiedError } = require('./graphql');
const store = require('./data-contracts');

// ---- access ---------------------------------------------------------------------------

function denied(message) {
  return classifiedError(`Authorization failed: ${message}`, 'ExecutionAborted');
}

// The contract with this id if the organization the request works in is on
// either side of it; throws otherwise.
function visibleContract(ctx, id) {
  const c = store.contractById(String(id));
  if (!c) throw new Error(`Contract not found for id=${id}`);
  if (!store.sideOf(c, ctx.organization.id)) {
    throw denied(`organization ${ctx.organization.id} has no access to contract ${id}`);
  }
  return c;
}

function visibleMilestone(ctx, id) {
  const found = store.milestoneById(String(id));
  if (!found) throw new Error(`Milestone not found for id=${id}`);
  if (!store.sideOf(found.contract, ctx.organization.id)) {
    throw denied(`organization ${ctx.organization.id} has no access to milestone ${id}`);
  }
  return found;
}

// Throws unless the organization is on `side` of the contract.
function requireSide(ctx, contract, side, action) {
  if (store.sideOf(contract, ctx.organization.id) === side) return;
  const who = side === 'client' ? 'the client' : 'the freelancer';
  throw denied(`only ${who} can ${action} (organization ${ctx.organization.id} is the ${side === 'client' ? 'freelancer' : 'client'} side of contract ${contract.id})`);
}

function requireNotEnded(contract) {
  if (contract.status === 'ENDED') throw new Error(`Contract ${contract.id} has ended`);
}

// ---- input -------------------------------------------------------------------------------

// Cents from a decimal string such as "250", "99.5" or "99.50"; throws on
// anything else (negative, more than two decimals, exponent, empty).
function parseAmount(text, name) {
  const m = typeof text === 'string' ? /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/.exec(text) : null;
  if (!m) throw new Error(`Invalid ${name}: ${JSON.stringify(text)} is not a decimal amount such as "250" or "99.50"`);
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

const SCORE_FIELDS = ['availabilityScore', 'communicationScore', 'cooperationScore', 'deadlinesScore', 'qualityScore', 'skillsScore'];

function checkEndInput(input) {
  const reason = store.closingReason(input.reasonRef);
  if (!reason) throw new Error(`Unknown reasonRef: ${input.reasonRef}`);
  const fb = input.feedbackInfo;
  if (fb) {
    for (const f of SCORE_FIELDS) {
      if (fb[f] !== null && fb[f] !== undefined && !(fb[f] >= 1 && fb[f] <= 5)) {
        throw new Error(`Invalid feedbackInfo.${f}: ${fb[f]} (scores are 1 to 5)`);
      }
    }
  }
  if (input.endDate !== null && input.endDate !== undefined && !/^\d{4}-?\d{2}-?\d{2}/.test(input.endDate)) {
    throw new Error(`Invalid endDate: ${input.endDate}`);
  }
  return reason;
}

// ---- the actions ----------------------------------------------------------------------------

function nowAt(ctx) {
  return { at: Math.floor(ctx.now() / 1000) * 1000 };
}

// Ending refunds what is still in escrow (ACTIVE and SUBMITTED milestones
// become REFUNDED); NOT_FUNDED and PAID milestones stay as they are.
function endContract(ctx, args, side) {
  const c = visibleContract(ctx, args.contractId);
  requireSide(ctx, c, side, `end contract ${c.id} with endContractBy${side === 'client' ? 'Client' : 'Freelancer'}`);
  requireNotEnded(c);
  const reason = checkEndInput(args.input);
  const at = nowAt(ctx);
  c.status = 'ENDED';
  c.ended = at;
  c.modified = at;
  c.closingReason = reason;
  c.endedBy = ctx.user._key;
  c.feedback = args.input.feedbackInfo ? { ...args.input.feedbackInfo } : null;
  for (const m of c.milestones) {
    if (m.state === 'ACTIVE' || m.state === 'SUBMITTED') {
      m.state = 'REFUNDED';
      m.escrowCents = 0;
      m.modified = at;
    }
  }
  return { success: true };
}

function pauseContract(ctx, args) {
  const c = visibleContract(ctx, args.contractId);
  requireSide(ctx, c, 'client', `pause contract ${c.id}`);
  requireNotEnded(c);
  if (c.status === 'PAUSED') throw new Error(`Contract ${c.id} is already paused`);
  c.status = 'PAUSED';
  c.modified = nowAt(ctx);
  c.lastMessage = args.message ?? null;
  return { success: true };
}

function restartContract(ctx, args) {
  const c = visibleContract(ctx, args.contractId);
  requireSide(ctx, c, 'client', `restart contract ${c.id}`);
  requireNotEnded(c);
  if (c.status !== 'PAUSED') throw new Error(`Contract ${c.id} is not paused`);
  c.status = 'ACTIVE';
  c.modified = nowAt(ctx);
  c.lastMessage = args.message ?? null;
  return { success: true };
}

function requireInput(args) {
  if (!args.input) throw new Error('input is required');
  return args.input;
}

// Funds a NOT_FUNDED milestone: its whole amount goes into escrow.
function activateMilestone(ctx, args) {
  const input = requireInput(args);
  const { contract, milestone: m } = visibleMilestone(ctx, input.id);
  requireSide(ctx, contract, 'client', `activate milestone ${m.id}`);
  requireNotEnded(contract);
  if (m.state !== 'NOT_FUNDED') throw new Error(`Milestone ${m.id} is already funded (state ${m.state})`);
  m.state = 'ACTIVE';
  m.fundedCents = m.depositCents;
  m.escrowCents = m.depositCents;
  m.modified = nowAt(ctx);
  return { contract, milestone: m };
}

// Pays a funded (ACTIVE or SUBMITTED) milestone: paidAmount at most what is
// in escrow; less needs an underpaymentReason, and the rest goes back to the
// client. bonusAmount is paid on top.
function approveMilestone(ctx, args) {
  const input = args.input;
  const { contract, milestone: m } = visibleMilestone(ctx, input.id);
  requireSide(ctx, contract, 'client', `approve milestone ${m.id}`);
  requireNotEnded(contract);
  if (m.state === 'NOT_FUNDED') throw new Error(`Milestone ${m.id} is not funded`);
  if (m.state === 'PAID') throw new Error(`Milestone ${m.id} is already paid`);
  if (m.state === 'REFUNDED') throw new Error(`Milestone ${m.id} was refunded`);
  const paid = parseAmount(input.paidAmount, 'paidAmount');
  const bonus = input.bonusAmount === null || input.bonusAmount === undefined ? 0 : parseAmount(input.bonusAmount, 'bonusAmount');
  if (paid <= 0) throw new Error('Invalid paidAmount: must be more than 0');
  if (paid > m.escrowCents) throw new Error(`Invalid paidAmount: ${input.paidAmount} is more than the ${m.escrowCents / 100} in escrow`);
  if (paid < m.escrowCents && !(input.underpaymentReason && input.underpaymentReason.trim())) {
    throw new Error('underpaymentReason is required when paidAmount is less than the amount in escrow');
  }
  m.state = 'PAID';
  m.paidCents = paid;
  m.bonusCents += bonus;
  m.escrowCents = 0;
  m.payComments = input.paymentComment ?? null;
  m.modified = nowAt(ctx);
  return { contract, milestone: m };
}

// Sends a SUBMITTED milestone back to ACTIVE with a note on the submission.
function rejectSubmittedMilestone(ctx, args) {
  const input = requireInput(args);
  const { contract, milestone: m } = visibleMilestone(ctx, input.id);
  requireSide(ctx, contract, 'client', `reject the submission of milestone ${m.id}`);
  requireNotEnded(contract);
  if (m.state !== 'SUBMITTED') throw new Error(`Milestone ${m.id} has no submission to reject (state ${m.state})`);
  const at = nowAt(ctx);
  m.state = 'ACTIVE';
  m.modified = at;
  m.submissions[m.submissions.length - 1].revision = { created: at, message: input.noteToContractor ?? null };
  return { response: true };
}

// ---- recording ----------------------------------------------------------------------------

function plain(value) {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

// What the record shows as a mutation's result.
function summary(result) {
  if (result && result.milestone) return { id: result.milestone.id, state: result.milestone.state };
  return plain(result);
}

// Runs one action and records it, whether it succeeded or not.
function run(name, action, ctx, args) {
  const entry = {
    name,
    input: plain(args),
    user: ctx.user._key,
    organization: ctx.organization.id,
    at: new Date(Math.floor(ctx.now() / 1000) * 1000).toISOString(),
  };
  try {
    const result = action(ctx, args);
    store.recordMutation({ ...entry, ok: true, error: null, result: summary(result) });
    return result;
  } catch (e) {
    store.recordMutation({ ...entry, ok: false, error: e.message, result: null });
    throw e;
  }
}

module.exports = {
  denied, visibleContract, visibleMilestone, parseAmount, run,
  actions: {
    endContractByFreelancer: (ctx, args) => endContract(ctx, args, 'vendor'),
    endContractByClient: (ctx, args) => endContract(ctx, args, 'client'),
    pauseContract,
    restartContract,
    activateMilestone,
    approveMilestone,
    rejectSubmittedMilestone,
  },
};
