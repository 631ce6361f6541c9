'use strict';
// Resolvers for schema/jobs.graphql: marketplaceJobPostingsSearch,
// marketplaceJobPosting, ontologyCategories.
//
// The records live in data-jobs.js; the search rules in jobs-search.js.
// Here they are turned into GraphQL-shaped objects. Every timestamp of one
// request comes from the one clock reading taken by the root resolver.

const config = require('../config');
const jobsData = require('../data-jobs');
const jobsSearch = require('../jobs-search');

const DAY_S = jobsData.DAY_S;

// Money from a number of US dollars: rawValue is the shortest decimal
// ("1500", "12.5", "123456.78"), displayValue "$1,500.00".
function displayUsd(n) {
  const [whole, cents] = Math.abs(n).toFixed(2).split('.');
  return `${n < 0 ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

function money(n) {
  if (n === null || n === undefined) return null;
  return { rawValue: String(n), currency: 'USD', displayValue: displayUsd(n) };
}

function engagementDuration(job) {
  return { id: job.duration, label: job.durationLabel, weeks: job.durationWeeks };
}

function clientInfo(client, nowMs) {
  const country = jobsData.countryOf(client);
  return {
    memberSinceDateTime: jobsData.isoAgo(nowMs, client.memberSinceDaysAgo * DAY_S),
    totalHires: client.totalHires,
    totalPostedJobs: client.totalPostedJobs,
    totalSpent: money(client.totalSpent),
    verificationStatus: client.verificationStatus,
    location: { city: client.city, country: country.name, timezone: client.timezone, state: client.state, offsetToUTC: client.offsetToUTC },
    totalReviews: client.totalReviews,
    totalFeedback: client.totalFeedback,
    companyRid: client.companyRid,
    companyName: client.companyName,
    edcUserId: client.edcUserId,
    lastContractPlatform: null,
    lastContractRid: null,
    lastContractTitle: null,
    companyOrgUid: client.companyOrgUid,
    hasFinancialPrivacy: client.hasFinancialPrivacy,
  };
}

function searchNode(job, nowMs, skillNames) {
  const category = jobsData.categoryOf(job);
  const sub = jobsData.subcategoryOf(job);
  return {
    id: job.id,
    ciphertext: job.ciphertext,
    title: job.title,
    description: job.description,
    recordNumber: job.id,
    amount: money(job.amount),
    hourlyBudgetType: job.hourlyBudgetType,
    hourlyBudgetMin: money(job.hourlyBudgetMin),
    hourlyBudgetMax: money(job.hourlyBudgetMax),
    weeklyBudget: null,
    duration: job.duration,
    durationLabel: job.durationLabel,
    engagement: job.engagement,
    engagementDuration: engagementDuration(job),
    experienceLevel: job.experienceLevel,
    category: category.slug,
    subcategory: sub.slug,
    occupations: {
      category: { id: category.id, prefLabel: category.preferredLabel },
      subCategories: [{ id: sub.id, prefLabel: sub.preferredLabel }],
      occupationService: null,
    },
    skills: jobsData.skillsOf(job).map((s) => ({
      id: s.id,
      name: s.name,
      prettyName: s.prettyName,
      highlighted: skillNames.includes(s.name.toLowerCase()) || skillNames.includes(s.prettyName.toLowerCase()),
    })),
    totalApplicants: job.totalApplicants,
    applied: false,
    premium: job.premium,
    enterprise: job.enterprise,
    freelancersToHire: job.freelancersToHire,
    totalFreelancersToHire: job.freelancersToHire,
    createdDateTime: jobsData.isoAgo(nowMs, job.postedSecondsAgo),
    publishedDateTime: jobsData.isoAgo(nowMs, job.postedSecondsAgo - job.publishDelayS),
    renewedDateTime: jobsData.isoAgo(nowMs, job.renewedSecondsAgo),
    preferredFreelancerLocation: job.preferredCountries,
    preferredFreelancerLocationMandatory: job.preferredLocationMandatory,
    clientNotSureFields: [],
    clientPrivateFields: [],
    client: clientInfo(jobsData.clientOf(job), nowMs),
    _job: job,
    _now: nowMs,
  };
}

function jobCategory(c) {
  return { id: c.id, ontologyId: c.id, preferredLabel: c.preferredLabel, definition: null, createdDateTime: null, modifiedDateTime: null };
}

function skill(s) {
  return { id: s.id, ontologyId: s.id, preferredLabel: s.prettyName, prettyName: s.prettyName, legacySkillNid: s.name, definition: null, altLabel: [] };
}

function detail(job, nowMs) {
  const client = jobsData.clientOf(job);
  const hourly = job.jobType === 'HOURLY';
  const b = job.bids;
  return {
    id: job.id,
    content: { title: job.title, description: job.description },
    attachments: job.attachments,
    classification: {
      category: jobCategory(jobsData.categoryOf(job)),
      subCategory: jobCategory(jobsData.subcategoryOf(job)),
      skills: jobsData.skillsOf(job).map(skill),
      additionalSkills: [],
    },
    contractTerms: {
      contractStartDate: null,
      contractEndDate: null,
      contractType: job.jobType,
      personsToHire: job.freelancersToHire,
      experienceLevel: job.experienceLevel,
      fixedPriceContractTerms: hourly ? null : {
        amount: money(job.amount),
        maxAmount: money(job.maxAmount),
        engagementDuration: engagementDuration(job),
      },
      hourlyContractTerms: hourly ? {
        engagementDuration: engagementDuration(job),
        engagementType: job.workload,
        notSureProjectDuration: false,
        hourlyBudgetType: job.hourlyBudgetType,
        hourlyBudgetMin: job.hourlyBudgetMin,
        hourlyBudgetMax: job.hourlyBudgetMax,
      } : null,
      notSurePersonsToHire: false,
      notSureExperiencelevel: false,
    },
    contractorSelection: {
      proposalRequirement: {
        coverLetterRequired: job.coverLetterRequired,
        freelancerMilestonesAllowed: job.freelancerMilestonesAllowed,
        screeningQuestions: job.screeningQuestions.map((question, k) => ({ question, sequenceNumber: k + 1 })),
      },
      qualification: { ...job.qualification, preferredGroups: [], preferenceTests: [] },
      location: {
        countries: job.preferredCountries,
        states: [],
        timezones: [],
        localCheckRequired: false,
        localMarket: false,
        notSureLocationPreference: job.preferredCountries.length === 0,
        localDescription: null,
        localFlexibilityDescription: null,
      },
    },
    activityStat: {
      applicationsBidStats: {
        avgRateBid: money(b && b.avg),
        minRateBid: money(b && b.min),
        maxRateBid: money(b && b.max),
        avgInterviewedRateBid: money(b && b.avgInterviewed),
      },
      jobActivity: {
        lastClientActivity: jobsData.isoAgo(nowMs, job.activity.lastClientActivitySecondsAgo),
        invitesSent: job.activity.invitesSent,
        totalInvitedToInterview: job.activity.totalInvitedToInterview,
        totalHired: job.activity.totalHired,
        totalUnansweredInvites: job.activity.totalUnansweredInvites,
        totalOffered: job.activity.totalOffered,
        totalRecommended: job.activity.totalRecommended,
      },
    },
    clientCompanyPublic: {
      id: client.companyOrgUid,
      legacyType: 'CLIENT',
      teamsEnabled: client.teamsEnabled,
      canHire: true,
      hidden: false,
      includeInStats: true,
      country: jobsData.countryOf(client),
      state: client.state,
      city: client.city,
      timezone: client.timezone,
      accountingEntity: null,
      paymentVerification: { status: client.verificationStatus, paymentVerified: client.verificationStatus === 'VERIFIED' },
      agencyDetails: null,
    },
  };
}

function ontologyCategories() {
  return jobsData.CATEGORIES.map((c) => ({
    id: c.id,
    preferredLabel: c.preferredLabel,
    altLabel: [],
    slug: c.slug,
    ontologyId: c.id,
    services: [],
    subcategories: c.subcategories.map((s) => ({ id: s.id, preferredLabel: s.preferredLabel, altLabel: [], slug: s.slug, ontologyId: s.id, services: [] })),
  }));
}

module.exports = {
  Query: {
    marketplaceJobPostingsSearch(_root, args, ctx) {
      const nowMs = ctx.now();
      const result = jobsSearch.search(args, config.get().jobs_pagination);
      return {
        totalCount: result.totalCount,
        edges: result.edges.map(({ job, cursor }) => ({ cursor, node: searchNode(job, nowMs, result.skillNames) })),
        pageInfo: result.pageInfo,
      };
    },
    marketplaceJobPosting(_root, args, ctx) {
      const job = jobsData.jobById(String(args.id));
      // Upwork's data-layer wording (python-upwork-oauth2 issue #9); a
      // ciphertext is not an id there either (§2.4: "ciphertext returns 404").
      if (!job) throw new Error(`Opening not found for uid=${String(args.id).slice(0, 100)}`);
      return detail(job, ctx.now());
    },
    ontologyCategories: () => ontologyCategories(),
  },
  MarketplaceJobPostingSearchResult: {
    job: (node) => detail(node._job, node._now),
  },
};
