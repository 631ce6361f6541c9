'use strict';
// Resolvers for schema/billing.graphql: accountingEntity, transactionHistory.
//
// The ledgers live in data-billing.js, the filter and range rules in
// billing-history.js. Both root fields work in the request's organization
// (ctx.organization, chosen by X-Upwork-API-TenantId). One clock reading
// per field: every date of an answer comes from the same UTC day.

const config = require('../config');
const billingData = require('../data-billing');
const billingHistory = require('../billing-history');

module.exports = {
  Query: {
    accountingEntity: (_root, _args, ctx) => ({ id: billingData.aceIdOf(ctx.organization.id) }),
    transactionHistory: (_root, args, ctx) => {
      const rows = billingHistory.select(
        ctx.organization,
        args.transactionHistoryFilter,
        billingData.epochDay(ctx.now()),
        config.get().billing_max_range_days,
      );
      return { transactionDetail: { transactionHistoryRow: rows } };
    },
  },
};
