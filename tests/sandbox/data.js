'use strict';
// Deterministic demo data: the same ids on every run, so tests and docs can
// name them. Ids look like Upwork's (long numeric strings for `id`, shorter
// numeric `rid`s, `~01…` ciphertexts) but belong to no real account.
//
// Objects are shaped like the GraphQL types so the default resolvers can read
// most fields directly; fields starting with `_` are internal to the sandbox.
// Everything is frozen: a resolver must never change shared demo data.
//
// Later operations (jobs, contracts, billing, messages) add their own tables
// next to these, keyed by the same user and organization ids.
const { deepFreeze } = require('./seeded');

const US = { id: '840', name: 'United States', twoLetterAbbreviation: 'US', threeLetterAbbreviation: 'USA', phoneCode: '1', active: true, registrationAllowed: true };
const GB = { id: '826', name: 'United Kingdom', twoLetterAbbreviation: 'GB', threeLetterAbbreviation: 'GBR', phoneCode: '44', active: true, registrationAllowed: true };

// Users, keyed by the short handle shown on the consent page.
// Order matters: the first one is pre-selected there.
const USERS = {
  ada: {
    _key: 'ada',
    _role: 'freelancer',
    id: '1390042875001225216',
    nid: 'adalovelace',
    rid: '4816231',
    name: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada.lovelace@example.com',
    ciphertext: '~01a7c3e5f9b2d4e6f8',
    location: { countryName: 'United Kingdom', cityName: 'London', zip: null, timezone: 'Europe/London', timezoneName: 'Greenwich Mean Time', street: null, stateCode: null },
    _portrait: 'ada',
    _organizations: ['1390042875009613825'],
    _defaultOrganization: '1390042875009613825',
  },
  grace: {
    _key: 'grace',
    _role: 'agency member',
    id: '1417508230163849216',
    nid: 'gracehopper',
    rid: '5120744',
    name: 'Grace Hopper',
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace.hopper@example.com',
    ciphertext: '~01b8d4f6a0c3e5f7a9',
    location: { countryName: 'United States', cityName: 'Arlington', zip: '22201', timezone: 'America/New_York', timezoneName: 'Eastern Time', street: null, stateCode: 'VA' },
    _portrait: 'grace',
    // Agency first: without a tenant header Grace works in her agency.
    // The third, a client organization, hires freelancers (contracts area).
    _organizations: ['1417508230176432129', '1417508230172237824', '1417508230184820737'],
    _defaultOrganization: '1417508230176432129',
  },
};

// Organizations, keyed by id. Enum values (type, legacyType, enterpriseType)
// are the sandbox's choice: Upwork's reference lists these enums without
// their values, so Workdesk must treat them as opaque strings.
const ORGANIZATIONS = {
  '1390042875009613825': {
    id: '1390042875009613825',
    rid: '7034215',
    legacyId: '8910274',
    name: 'Ada Lovelace',
    type: 'INDIVIDUAL',
    legacyType: 'FREELANCER',
    flag: { client: false, vendor: true, agency: false, individual: true },
    active: true,
    hidden: false,
    userId: '1390042875001225216',
    creationDate: '2021-03-08T10:15:00.000Z',
    parentOrganization: null,
    childOrganizations: [],
    _portrait: 'ada',
    _typeTitle: 'Freelancer',
    _enterpriseType: 'STANDARD',
    company: {
      id: '1390042875009613825',
      name: 'Ada Lovelace',
      displayName: 'Ada Lovelace',
      companyName: 'Ada Lovelace',
      description: 'Independent analyst and programmer.',
      summary: 'Freelance work on analytical engines and their programs.',
      phone: null,
      teamsEnabled: false,
      canHire: true,
      hidden: false,
      includeInStats: true,
      country: GB,
      state: null,
      city: 'London',
      address: null,
      zip: null,
      timezone: 'Europe/London',
      accountingEntity: null,
      _contactUser: 'ada',
    },
  },
  '1417508230176432129': {
    id: '1417508230176432129',
    rid: '7350091',
    legacyId: '9120455',
    name: 'Hopper Digital Agency',
    type: 'BUSINESS',
    legacyType: 'AGENCY',
    flag: { client: false, vendor: true, agency: true, individual: false },
    active: true,
    hidden: false,
    userId: '1417508230163849216',
    creationDate: '2021-09-14T16:40:00.000Z',
    parentOrganization: null,
    childOrganizations: [],
    _portrait: 'hopper-digital',
    _typeTitle: 'Agency',
    _enterpriseType: 'STANDARD',
    company: {
      id: '1417508230176432129',
      name: 'Hopper Digital Agency',
      displayName: 'Hopper Digital Agency',
      companyName: 'Hopper Digital Agency LLC',
      description: 'A small agency for compilers, tooling and data pipelines.',
      summary: 'Compilers, developer tooling and data engineering.',
      phone: null,
      teamsEnabled: true,
      canHire: true,
      hidden: false,
      includeInStats: true,
      country: US,
      state: 'VA',
      city: 'Arlington',
      address: null,
      zip: '22201',
      timezone: 'America/New_York',
      accountingEntity: null,
      _contactUser: 'grace',
    },
  },
  '1417508230172237824': {
    id: '1417508230172237824',
    rid: '7350090',
    legacyId: '9120454',
    name: 'Grace Hopper',
    type: 'INDIVIDUAL',
    legacyType: 'FREELANCER',
    flag: { client: false, vendor: true, agency: false, individual: true },
    active: true,
    hidden: false,
    userId: '1417508230163849216',
    creationDate: '2021-09-14T16:32:00.000Z',
    parentOrganization: null,
    childOrganizations: [],
    _portrait: 'grace',
    _typeTitle: 'Freelancer',
    _enterpriseType: 'STANDARD',
    company: {
      id: '1417508230172237824',
      name: 'Grace Hopper',
      displayName: 'Grace Hopper',
      companyName: 'Grace Hopper',
      description: 'Independent consultant.',
      summary: 'Programming languages and compilers.',
      phone: null,
      teamsEnabled: false,
      canHire: true,
      hidden: false,
      includeInStats: true,
      country: US,
      state: 'VA',
      city: 'Arlington',
      address: null,
      zip: '22201',
      timezone: 'America/New_York',
      accountingEntity: null,
      _contactUser: 'grace',
    },
  },
  // Grace's client organization: the hiring side of contracts (ada's among
  // them), so client-side contract actions can be tested.
  '1417508230184820737': {
    id: '1417508230184820737',
    rid: '7350092',
    legacyId: '9120456',
    name: 'Hopper Research Labs',
    type: 'BUSINESS',
    legacyType: 'CLIENT',
    flag: { client: true, vendor: false, agency: false, individual: false },
    active: true,
    hidden: false,
    userId: '1417508230163849216',
    creationDate: '2022-02-01T09:05:00.000Z',
    parentOrganization: null,
    childOrganizations: [],
    _portrait: 'hopper-labs',
    _typeTitle: 'Client',
    _enterpriseType: 'STANDARD',
    company: {
      id: '1417508230184820737',
      name: 'Hopper Research Labs',
      displayName: 'Hopper Research Labs',
      companyName: 'Hopper Research Labs Inc.',
      description: 'Research group that hires freelancers for compiler work.',
      summary: 'Hiring for compilers, documentation and numerical work.',
      phone: null,
      teamsEnabled: true,
      canHire: true,
      hidden: false,
      includeInStats: true,
      country: US,
      state: 'VA',
      city: 'Arlington',
      address: null,
      zip: '22201',
      timezone: 'America/New_York',
      accountingEntity: null,
      _contactUser: 'grace',
    },
  },
};

// Portraits and logos served by the sandbox itself (GET /portraits/NAME.svg),
// so a page that shows photoUrl loads nothing from the internet.
const PORTRAITS = {
  ada: { initials: 'AL', color: '#6b4fbb' },
  grace: { initials: 'GH', color: '#1f7a5c' },
  'hopper-digital': { initials: 'HD', color: '#b5532a' },
  'hopper-labs': { initials: 'HL', color: '#2a5db5' },
};

deepFreeze(USERS);
deepFreeze(ORGANIZATIONS);
deepFreeze(PORTRAITS);

function userByKey(key) {
  return Object.hasOwn(USERS, key) ? USERS[key] : null;
}

function orgById(id) {
  return typeof id === 'string' && Object.hasOwn(ORGANIZATIONS, id) ? ORGANIZATIONS[id] : null;
}

function orgsOfUser(user) {
  return user._organizations.map(orgById);
}

// The organization a request works in: the tenant header's, if the user is a
// member of it; otherwise (no header) the user's default organization.
// Returns null when the header names an organization the user cannot use.
function organizationFor(user, tenantId) {
  if (tenantId === null || tenantId === undefined) return orgById(user._defaultOrganization);
  return user._organizations.includes(tenantId) ? orgById(tenantId) : null;
}

module.exports = { USERS, ORGANIZATIONS, PORTRAITS, userByKey, orgById, orgsOfUser, organizationFor };
