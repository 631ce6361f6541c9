'use strict';
// Resolvers for schema/proposals.graphql: vendorProposals, vendorProposal,
// proposalMetadata, connectsSummary and the mutation createJobProposal.
//
// Records come from data-proposals.js, rules from proposals-rules.js. A
// proposal's job is answered by the jobs area's own marketplaceJobPosting
// resolver, so both areas show the same posting.

const proposals = require('../data-proposals');
const rules = require('../proposals-rules');
const jobs = require('./jobs');

function money(cents) {
  const raw = proposals.centsToDecimal(cents);
  const [whole, part] = (cents / 100).toFixed(2).split('.');
  return { rawValue: raw, currency: 'USD', displayValue: `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${part}` };
}

function genericUser(ctx, userId) {
  const user = Object.values(ctx.data.USERS).find((u) => u.id === userId);
  return user && { ...user, publicUrl: `https://www.upwork.com/freelancers/${user.ciphertext}` };
}

function duration(id) {
  return proposals.DURATIONS.find((d) => d.id === id) || null;
}

// A record as the GraphQL VendorProposal; times from one clock reading.
function view(p, nowMs) {
  return {
    id: p.id,
    _p: p,
    _now: nowMs,
    terms: { chargeRate: money(p.chargeCents), estimatedDuration: duration(p.durationId), upfrontPaymentPercent: p.upfrontPaymentPercent },
    coverLetter: p.coverLetter,
    proposalCoverLetter: p.coverLetter,
    projectPlan: p.milestones.length ? { id: `${p.id}-plan`, milestones: p.milestones } : null,
    status: {
      status: p.status,
      reason: p.reasonId ? Object.values(proposals.REASONS).find((r) => r.id === p.reasonId) : null,
    },
    annotations: p.annotations,
  };
}

function createMutation(_root, { input }, ctx) {
  const attempt = { t: Date.now(), userId: ctx.user.id, organizationId: ctx.organization.id, jobReference: String(input.jobReference) };
  let result;
  try {
    const p = rules.create(input, ctx, ctx.now());
    result = { newProposalId: p.id, status: 'SUBMITTED', error: null };
  } catch (e) {
    if (!(e instanceof rules.ProposalError)) throw e;
    result = { newProposalId: null, status: 'FAILED', error: e.message };
  }
  proposals.recordAttempt({ ...attempt, ...result });
  return result;
}

module.exports = {
  Query: {
    vendorProposals(_root, args, ctx) {
      const nowMs = ctx.now();
      const result = rules.list(args, ctx, nowMs);
      return {
        totalCount: result.totalCount,
        edges: result.edges.map(({ cursor, p }) => ({ cursor, node: view(p, nowMs) })),
        pageInfo: result.pageInfo,
      };
    },
    vendorProposal(_root, args, ctx) {
      const p = rules.visible(args.id, ctx);
      // Another user's or organization's proposal is not found either.
      if (!p) throw new Error(`Proposal not found for id=${String(args.id).slice(0, 100)}`);
      return view(p, ctx.now());
    },
    proposalMetadata: () => ({
      engagementDurationValues: proposals.DURATIONS,
      reasons: Object.values(proposals.REASONS).map(({ id, reason, alias }) => ({ id, reason, alias })),
    }),
    connectsSummary: (_root, _args, ctx) => ({ connectsBalance: proposals.balance(ctx.organization.id) }),
  },
  Mutation: {
    createJobProposal: createMutation,
  },
  VendorProposal: {
    user: (v, _args, ctx) => genericUser(ctx, v._p.userId),
    organization: (v, _args, ctx) => ctx.data.orgById(v._p.organizationId),
    marketplaceJobPosting: (v, _args, ctx) => jobs.Query.marketplaceJobPosting(null, { id: v._p.jobId }, ctx),
    auditDetails: (v, _args, ctx) => ({
      createdByUser: genericUser(ctx, v._p.userId),
      modifiedByUser: genericUser(ctx, v._p.userId),
      createdDateTime: proposals.iso(proposals.createdEpochS(v._p, v._now)),
      modifiedDateTime: proposals.iso(proposals.modifiedEpochS(v._p, v._now)),
    }),
  },
  GenericOrganization: {
    photoUrl: (org, _args, ctx) => ctx.portraitUrl(org._portrait),
    company: (org) => ({ ...org.company, _portrait: org._portrait }),
    parentOrganization: () => null,
  },
};
