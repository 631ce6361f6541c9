'use strict';
// Resolvers for schema/identity.graphql: user, organization, companySelector.
//
// Context (built by graphql.js for every request):
//   ctx.user          the signed-in demo user (data.js USERS entry)
//   ctx.organization  the organization chosen by the tenant header or default
//   ctx.data          the data module
//   ctx.portraitUrl   name -> URL of a portrait served by the sandbox
// Fields whose names match the demo objects need no resolver.

function genericUser(user) {
  return user && { ...user, publicUrl: `https://www.upwork.com/freelancers/${user.ciphertext}` };
}

module.exports = {
  Query: {
    user: (_root, _args, ctx) => ctx.user,
    organization: (_root, _args, ctx) => ctx.organization,
    companySelector: (_root, _args, ctx) => ({
      items: ctx.data.orgsOfUser(ctx.user).map((org) => ({
        title: org.name,
        photoUrl: ctx.portraitUrl(org._portrait),
        organizationId: org.id,
        organizationRid: org.rid,
        organizationType: org.type,
        organizationLegacyType: org.legacyType,
        organizationEnterpriseType: org._enterpriseType,
        legacyEnterpriseOrganization: false,
        typeTitle: org._typeTitle,
      })),
    }),
  },
  CurrentUser: {
    photoUrl: (user, _args, ctx) => ctx.portraitUrl(user._portrait),
  },
  CurrentOrganization: {
    photoUrl: (org, _args, ctx) => ctx.portraitUrl(org._portrait),
    company: (org) => ({ ...org.company, _portrait: org._portrait }),
  },
  PrivateCompanyInfo: {
    logoURL: (company, _args, ctx) => ctx.portraitUrl(company._portrait),
    contactUser: (company, _args, ctx) => genericUser(ctx.data.userByKey(company._contactUser)),
  },
  GenericUser: {
    photoUrl: (user, _args, ctx) => ctx.portraitUrl(user._portrait),
  },
};
