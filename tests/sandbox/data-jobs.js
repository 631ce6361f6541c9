'use strict';
// Deterministic demo job postings for marketplaceJobPostingsSearch,
// marketplaceJobPosting and ontologyCategories (schema/jobs.graphql).
//
// Everything here is generated once, at load time, from SEED by a small
// seeded PRNG (mulberry32): the same postings on every run and machine.
// Times are not stored: each posting stores how many seconds before "now"
// it was posted (`postedSecondsAgo`), and the resolvers turn that into
// timestamps with the sandbox clock (config.now()). So the data depends on
// nothing but SEED and config.now(), and "posted within N days" depends on
// SEED alone.
//
// Changing SEED, a word list or the order of the calls to rnd() changes the
// data set; tests must read it from GET /__sandbox/jobs, never hard-code it
// beyond what README.md promises.
//
// Records are plain frozen objects. The resolvers build GraphQL-shaped views
// from them (resolvers/jobs.js); GET /__sandbox/jobs returns dump().
const { mulberry32, deepFreeze } = require('./seeded');

const SEED = 20260914;
const JOB_COUNT = 540;
const DAY_S = 24 * 60 * 60;

const rnd = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const round2 = (x) => Math.round(x * 100) / 100;
function sample(arr, k) {
  const copy = arr.slice();
  const out = [];
  while (out.length < k && copy.length) out.push(copy.splice(Math.floor(rnd() * copy.length), 1)[0]);
  return out;
}
// Weighted choice: [[value, weight], ...]
function weighted(pairs) {
  const total = pairs.reduce((s, p) => s + p[1], 0);
  let r = rnd() * total;
  for (const [v, w] of pairs) {
    r -= w;
    if (r < 0) return v;
  }
  return pairs[pairs.length - 1][0];
}
// Log-uniform in [lo, hi]: many small values, a few large.
const logUniform = (lo, hi) => Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo)));
function hexChars(n) {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
}
function digits(n) {
  let s = String(int(1, 9));
  for (let i = 1; i < n; i++) s += String(int(0, 9));
  return s;
}

// ---- ontology: categories, subcategories, skills -------------------------------
//
// Labels follow Upwork's public category names; the ids are made up in the
// shape of Upwork's ontology uids (18-digit numeric strings).

const CATEGORY_DEFS = [
  {
    label: 'Accounting & Consulting', slug: 'accounting_consulting', role: 'accountant',
    subs: ['Accounting & Bookkeeping', 'Financial Planning', 'Management Consulting & Analysis', 'Recruiting & Human Resources'],
    skills: ['QuickBooks Online', 'Bookkeeping', 'Financial Analysis', 'Microsoft Excel', 'Tax Preparation'],
    things: ['monthly bookkeeping', 'year-end tax return', 'cash-flow forecast', 'startup financial model', 'payroll cleanup', 'investor report'],
  },
  {
    label: 'Admin Support', slug: 'admin_support', role: 'virtual assistant',
    subs: ['Data Entry & Transcription Services', 'Virtual Assistance', 'Project Management', 'Market Research & Product Reviews'],
    skills: ['Data Entry', 'Virtual Assistance', 'Microsoft Excel', 'Google Sheets', 'Transcription'],
    things: ['CRM data cleanup', 'inbox management', 'product catalog entry', 'podcast transcript batch', 'calendar scheduling', 'lead list'],
  },
  {
    label: 'Customer Service', slug: 'customer_service', role: 'support agent',
    subs: ['Community Management & Tagging', 'Customer Service & Tech Support'],
    skills: ['Customer Support', 'Zendesk', 'Live Chat', 'Community Management'],
    things: ['weekend chat rota', 'help desk queue', 'Discord community', 'ticket backlog', 'onboarding call program'],
  },
  {
    label: 'Data Science & Analytics', slug: 'data_science_analytics', role: 'data scientist',
    subs: ['Data Analysis & Testing', 'Data Extraction/ETL', 'Data Mining & Management', 'AI & Machine Learning'],
    skills: ['Python', 'SQL', 'Machine Learning', 'Data Analysis', 'Tableau', 'Web Scraping'],
    things: ['churn model', 'ETL pipeline', 'sales dashboard', 'recommendation engine', 'price scraper', 'A/B test analysis', 'forecasting model'],
  },
  {
    label: 'Design & Creative', slug: 'design_creative', role: 'designer',
    subs: ['Art & Illustration', 'Branding & Logo Design', 'Graphic, Editorial & Presentation Design', 'Product Design', 'Video & Animation'],
    skills: ['Adobe Photoshop', 'Adobe Illustrator', 'Figma', 'Logo Design', 'Illustration', 'Video Editing'],
    things: ['brand identity', 'mobile app UI', 'explainer video', 'pitch deck', 'children\'s book', 'product packaging'],
  },
  {
    label: 'Engineering & Architecture', slug: 'engineering_architecture', role: 'engineer',
    subs: ['Building & Landscape Architecture', 'Civil & Structural Engineering', 'Electrical & Electronic Engineering', '3D Modeling & CAD'],
    skills: ['AutoCAD', 'SolidWorks', '3D Modeling', 'Circuit Design'],
    things: ['PCB layout', 'house extension plan', 'injection-molded enclosure', 'steel frame calculation', 'product prototype'],
  },
  {
    label: 'IT & Networking', slug: 'it_networking', role: 'DevOps engineer',
    subs: ['Database Management & Administration', 'Information Security & Compliance', 'Network & System Administration', 'DevOps & Solution Architecture'],
    skills: ['Linux System Administration', 'Docker', 'Kubernetes', 'Amazon Web Services', 'PostgreSQL'],
    things: ['CI/CD pipeline', 'Kubernetes cluster', 'database migration', 'security audit', 'VPN setup', 'backup strategy'],
  },
  {
    label: 'Legal', slug: 'legal', role: 'lawyer',
    subs: ['Corporate & Contract Law', 'International & Immigration Law', 'Finance & Tax Law'],
    skills: ['Contract Drafting', 'Legal Research', 'Intellectual Property Law', 'GDPR'],
    things: ['SaaS terms of service', 'privacy policy', 'NDA review', 'trademark filing', 'shareholder agreement'],
  },
  {
    label: 'Sales & Marketing', slug: 'sales_marketing', role: 'marketer',
    subs: ['Digital Marketing', 'Lead Generation & Telemarketing', 'Marketing, PR & Brand Strategy'],
    skills: ['Search Engine Optimization', 'Social Media Marketing', 'Google Ads', 'Lead Generation', 'Email Marketing'],
    things: ['product launch campaign', 'SEO audit', 'cold email sequence', 'Instagram growth', 'Google Ads account'],
  },
  {
    label: 'Translation', slug: 'translation', role: 'translator',
    subs: ['Language Tutoring & Interpretation', 'Translation & Localization Services'],
    skills: ['Spanish', 'French', 'German', 'Arabic', 'Translation'],
    things: ['mobile app release', 'legal contract', 'marketing website', 'subtitle file', 'user manual'],
  },
  {
    label: 'Web, Mobile & Software Dev', slug: 'web_mobile_software_dev', role: 'developer',
    subs: ['Web Development', 'Mobile Development', 'Ecommerce Development', 'Desktop Application Development', 'Scripts & Utilities', 'QA Testing'],
    skills: ['JavaScript', 'TypeScript', 'React', 'Node.js', 'PHP', 'WordPress', 'Python', 'Django', 'Flutter', 'Swift', 'C', 'Rust'],
    things: ['SaaS dashboard', 'ecommerce store', 'booking app', 'REST API', 'Chrome extension', 'admin panel', 'iOS app', 'CLI tool', 'FastCGI service'],
  },
  {
    label: 'Writing', slug: 'writing', role: 'writer',
    subs: ['Content Writing', 'Editing & Proofreading Services', 'Professional & Business Writing', 'Sales & Marketing Copywriting'],
    skills: ['Content Writing', 'Copywriting', 'Proofreading', 'Technical Writing', 'Blog Writing'],
    things: ['blog series', 'API documentation', 'white paper', 'newsletter', 'product catalog', 'memoir'],
  },
];

function slugify(label) {
  return label.toLowerCase().replace(/&/g, ' ').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function skillName(prettyName) {
  return prettyName.toLowerCase().replace(/[^a-z0-9+#]+/g, '-').replace(/^-+|-+$/g, '');
}

const CATEGORIES = [];
const SUBCATEGORIES = [];
let subSeq = 101;
CATEGORY_DEFS.forEach((def, k) => {
  const cat = {
    id: `807702825806684${101 + k}`,
    preferredLabel: def.label,
    slug: def.slug,
    subcategories: [],
  };
  for (const label of def.subs) {
    const sub = { id: `807702825890570${subSeq++}`, preferredLabel: label, slug: slugify(label), categoryId: cat.id };
    cat.subcategories.push(sub);
    SUBCATEGORIES.push(sub);
  }
  CATEGORIES.push(cat);
});

// Skill pool: every category's skills, each once, then the hostile ones
// (used only by hostile postings).
const SKILLS = [];
const skillByPretty = new Map();
function addSkill(prettyName, name = skillName(prettyName), hostile = false) {
  const skill = { id: `103162677389${1000001 + SKILLS.length}`, name, prettyName, hostile };
  SKILLS.push(skill);
  skillByPretty.set(prettyName, skill);
  return skill;
}
for (const def of CATEGORY_DEFS) for (const s of def.skills) if (!skillByPretty.has(s)) addSkill(s);
const HOSTILE_SKILLS = [
  addSkill('"><img src=x onerror=alert(1)>', '"><img src=x onerror=alert(1)>', true),
  addSkill('<script>alert(1)</script>', '<script>alert(1)</script>', true),
  addSkill('C "quoted" \\ skill\'s', 'c-quoted-skill\\', true),
  addSkill('البرمجة', 'arabic-programming', true),
  addSkill('🐍 Python 🚀', 'emoji-python', true),
];
const NORMAL_SKILLS = SKILLS.filter((s) => !s.hostile);

// ---- clients ---------------------------------------------------------------------

const COUNTRIES = {
  US: { id: '840', name: 'United States', twoLetterAbbreviation: 'US', threeLetterAbbreviation: 'USA', phoneCode: '1' },
  GB: { id: '826', name: 'United Kingdom', twoLetterAbbreviation: 'GB', threeLetterAbbreviation: 'GBR', phoneCode: '44' },
  CA: { id: '124', name: 'Canada', twoLetterAbbreviation: 'CA', threeLetterAbbreviation: 'CAN', phoneCode: '1' },
  AU: { id: '36', name: 'Australia', twoLetterAbbreviation: 'AU', threeLetterAbbreviation: 'AUS', phoneCode: '61' },
  DE: { id: '276', name: 'Germany', twoLetterAbbreviation: 'DE', threeLetterAbbreviation: 'DEU', phoneCode: '49' },
  IN: { id: '356', name: 'India', twoLetterAbbreviation: 'IN', threeLetterAbbreviation: 'IND', phoneCode: '91' },
  FR: { id: '250', name: 'France', twoLetterAbbreviation: 'FR', threeLetterAbbreviation: 'FRA', phoneCode: '33' },
  NL: { id: '528', name: 'Netherlands', twoLetterAbbreviation: 'NL', threeLetterAbbreviation: 'NLD', phoneCode: '31' },
  AE: { id: '784', name: 'United Arab Emirates', twoLetterAbbreviation: 'AE', threeLetterAbbreviation: 'ARE', phoneCode: '971' },
  IL: { id: '376', name: 'Israel', twoLetterAbbreviation: 'IL', threeLetterAbbreviation: 'ISR', phoneCode: '972' },
  BR: { id: '76', name: 'Brazil', twoLetterAbbreviation: 'BR', threeLetterAbbreviation: 'BRA', phoneCode: '55' },
  JP: { id: '392', name: 'Japan', twoLetterAbbreviation: 'JP', threeLetterAbbreviation: 'JPN', phoneCode: '81' },
  SG: { id: '702', name: 'Singapore', twoLetterAbbreviation: 'SG', threeLetterAbbreviation: 'SGP', phoneCode: '65' },
  SE: { id: '752', name: 'Sweden', twoLetterAbbreviation: 'SE', threeLetterAbbreviation: 'SWE', phoneCode: '46' },
};
for (const c of Object.values(COUNTRIES)) Object.assign(c, { active: true, registrationAllowed: true });

// [country, city, state, timezone, offsetToUTC, weight]
const PLACES = [
  ['US', 'New York', 'NY', 'America/New_York', '-05:00', 10],
  ['US', 'San Francisco', 'CA', 'America/Los_Angeles', '-08:00', 8],
  ['US', 'Austin', 'TX', 'America/Chicago', '-06:00', 6],
  ['GB', 'London', null, 'Europe/London', '+00:00', 7],
  ['GB', 'Manchester', null, 'Europe/London', '+00:00', 2],
  ['CA', 'Toronto', 'ON', 'America/Toronto', '-05:00', 4],
  ['CA', 'Vancouver', 'BC', 'America/Vancouver', '-08:00', 2],
  ['AU', 'Sydney', 'NSW', 'Australia/Sydney', '+10:00', 4],
  ['DE', 'Berlin', null, 'Europe/Berlin', '+01:00', 3],
  ['DE', 'München', null, 'Europe/Berlin', '+01:00', 1],
  ['IN', 'Bengaluru', 'KA', 'Asia/Kolkata', '+05:30', 3],
  ['FR', 'Paris', null, 'Europe/Paris', '+01:00', 2],
  ['NL', 'Amsterdam', null, 'Europe/Amsterdam', '+01:00', 2],
  ['AE', 'Dubai', null, 'Asia/Dubai', '+04:00', 2],
  ['IL', 'Tel Aviv', null, 'Asia/Jerusalem', '+02:00', 1],
  ['BR', 'São Paulo', 'SP', 'America/Sao_Paulo', '-03:00', 1],
  ['JP', 'Tokyo', null, 'Asia/Tokyo', '+09:00', 1],
  ['SG', 'Singapore', null, 'Asia/Singapore', '+08:00', 1],
  ['SE', 'Stockholm', null, 'Europe/Stockholm', '+01:00', 1],
];

const COMPANY_FIRST = ['Northwind', 'Blue Harbor', 'Acme', 'Lumen', 'Bright Path', 'Cobalt', 'Quill & Ink', 'Summit', 'Redwood', 'Nimbus', 'Polar', 'Juniper', 'Atlas', 'Kestrel', 'Orchard', 'Vertex', 'Helix', 'Marigold', 'Sable', 'Tidewater'];
const COMPANY_LAST = ['Labs', 'Analytics', 'LLC', 'GmbH', 'Ltd', 'Studio', 'Group', 'Inc.', 'Partners', 'Health', 'Digital', 'Media'];

function makeClient(k, overrides = {}) {
  const place = weighted(PLACES.map((p) => [p, p[5]]));
  const totalHires = weighted([[0, 18], [int(1, 5), 30], [int(6, 40), 30], [int(41, 300), 12]]);
  const totalPostedJobs = totalHires + int(totalHires ? 0 : 1, 40);
  const totalReviews = totalHires === 0 ? 0 : int(0, totalHires);
  const totalFeedback = totalReviews === 0 ? 0 : weighted([[5, 25], [round2(4 + rnd()), 50], [round2(1 + rnd() * 3), 25]]);
  const totalSpent = totalHires === 0 ? weighted([[0, 80], [round2(logUniform(10, 900)), 20]]) : round2(logUniform(50, 500000));
  const verified = totalSpent > 0 ? chance(0.85) : chance(0.45);
  const client = {
    key: `c${k}`,
    companyOrgUid: `14${digits(17)}`,
    companyRid: digits(7),
    edcUserId: `13${digits(17)}`,
    companyName: chance(0.3) ? null : `${pick(COMPANY_FIRST)} ${pick(COMPANY_LAST)}`,
    totalHires,
    totalPostedJobs,
    totalReviews,
    totalFeedback,
    totalSpent,
    verificationStatus: verified ? 'VERIFIED' : 'NOT_VERIFIED',
    countryCode: place[0],
    city: place[1],
    state: place[2],
    timezone: place[3],
    offsetToUTC: place[4],
    memberSinceDaysAgo: int(3, 4000),
    hasFinancialPrivacy: chance(0.08),
    teamsEnabled: chance(0.3),
    hostile: false,
    ...overrides,
  };
  return client;
}

const CLIENTS = [];
for (let k = 0; k < 160; k++) CLIENTS.push(makeClient(k));
// The extremes exist, so range filters and sorts meet them.
Object.assign(CLIENTS[0], { totalSpent: 500000, totalHires: 300, totalPostedJobs: 412, totalReviews: 280, totalFeedback: 4.97, verificationStatus: 'VERIFIED' });
Object.assign(CLIENTS[1], { totalSpent: 0, totalHires: 0, totalPostedJobs: 1, totalReviews: 0, totalFeedback: 0, verificationStatus: 'NOT_VERIFIED', companyName: null });
Object.assign(CLIENTS[2], { totalFeedback: 5, totalReviews: 12, totalHires: 15, totalSpent: 8200.5 });

const HOSTILE_COMPANY_NAMES = [
  '"><img src=x onerror=alert(1)>',
  '<script>alert(1)</script> Holdings',
  'O\'Brien & "Sons" \\ Backslash Co.',
  'شركة الاختبار للبرمجيات',
  'חברת "בדיקה" בע״מ',
  'Evil\u202Egnp.exe\u202C Corp',
  '🦄 Unicorn Labs 🚀👩‍💻',
  '&lt;b&gt;Escaped&lt;/b&gt; &amp; Co',
];
const HOSTILE_CLIENTS = HOSTILE_COMPANY_NAMES.map((name, k) => makeClient(1000 + k, { companyName: name, hostile: true }));

// ---- text ------------------------------------------------------------------------

const ADJECTIVES = ['Experienced', 'Reliable', 'Detail-oriented', 'Senior', 'Creative', 'Fast', 'Long-term', 'Top-rated'];

const TITLE_TEMPLATES = [
  (c) => `${c.s1} ${c.role} needed for ${c.thing}`,
  (c) => `Build ${c.aThing} with ${c.s1} and ${c.s2}`,
  (c) => `${c.adj} ${c.s1} ${c.role} for ${c.thing}`,
  (c) => `Quick fix: ${c.thing} (${c.s1})`,
  (c) => `Help with our ${c.thing}: ${c.s1}, ${c.s2}`,
  (c) => `${c.s1} expert to review our ${c.thing}`,
  (c) => `Ongoing ${c.role} work – ${c.thing}`,
  (c) => `Looking for ${c.aRole} (${c.s1}/${c.s2}) for ${c.aThing}`,
  (c) => `${c.thing[0].toUpperCase()}${c.thing.slice(1)} – ${c.s1}`,
];

const OPENERS = [
  (c) => `We are a small team looking for ${c.aRole} to help with our ${c.thing}.`,
  (c) => `Our company needs an experienced ${c.role} for ${c.aThing}.`,
  (c) => `I am looking for someone who knows ${c.s1} well to take over ${c.aThing}.`,
  (c) => `Hi! We need help with ${c.aThing} and would love to find a long-term partner.`,
  (c) => `This is a well-defined project: ${c.aThing} built around ${c.s1}.`,
];

const SENTENCES = [
  (c) => `You should have solid experience with ${c.s1} and ideally ${c.s2}.`,
  (c) => `The current version was written by a previous freelancer and needs cleanup.`,
  (c) => `Please share examples of similar work in your proposal.`,
  (c) => `We value clear communication and regular progress updates.`,
  (c) => `There is a fixed deadline at the end of the month.`,
  (c) => `Some overlap with the ${c.timezone} time zone is required for a weekly call.`,
  (c) => `An NDA is required before we share the details.`,
  (c) => `If this goes well, there is plenty of follow-up work for a long-term partnership.`,
  (c) => `Budget is flexible for the right person.`,
  (c) => `You will work directly with our product manager and one in-house ${c.role}.`,
  (c) => `Knowledge of ${c.s3} is a plus but not required.`,
  (c) => `We already have detailed specifications and wireframes.`,
  (c) => `Testing and documentation are part of the job.`,
  (c) => `Please start your proposal with the word "banana" so we know you read this.`,
  (c) => `The ${c.thing} must be delivered in small milestones.`,
  (c) => `We expect about ${c.hours} hours of work per week at the start.`,
  (c) => `Our stack is mostly ${c.s1}, ${c.s2} and ${c.s3}.`,
  (c) => `Previous experience in a regulated industry (finance, health) helps.`,
  (c) => `Do not apply if you cannot start this week.`,
  (c) => `All work must be original and will be checked.`,
];

const BULLET_INTROS = ['Requirements:', 'Deliverables:', 'Nice to have:', 'What we offer:'];
const BULLETS = [
  (c) => `- ${c.s1} in production`,
  (c) => `- ${c.s2} experience`,
  (c) => '- Good written English',
  (c) => '- Availability for a weekly call',
  (c) => `- Source files and a short handover document`,
  (c) => `- A portfolio with at least one ${c.thing} project`,
  (c) => '- Git and code review',
  (c) => '- Quick turnaround on feedback',
];

const QUESTIONS = [
  (c) => 'Describe your recent experience with similar projects.',
  (c) => `Have you used ${c.s1} in production? Please give an example.`,
  (c) => 'What is your availability per week?',
  (c) => 'Include a link to your portfolio or a relevant code sample.',
  (c) => 'What questions do you have about the project?',
  (c) => `How would you approach our ${c.thing}?`,
  (c) => 'What is your estimated timeline?',
  (c) => 'Which time zone do you work in?',
  (c) => 'Why are you the right person for this job?',
];

function withArticle(phrase) {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function paragraph(c, sentences) {
  return Array.from({ length: sentences }, () => pick(SENTENCES)(c)).join(' ');
}

function description(c) {
  const shape = weighted([['short', 22], ['medium', 52], ['long', 22], ['huge', 4]]);
  if (shape === 'short') return pick(OPENERS)(c);
  const paras = [pick(OPENERS)(c) + ' ' + paragraph(c, int(1, 3))];
  const count = shape === 'medium' ? int(1, 2) : shape === 'long' ? int(3, 7) : int(15, 25);
  for (let i = 0; i < count; i++) {
    if (chance(0.25)) {
      paras.push([pick(BULLET_INTROS), ...sample(BULLETS, int(2, 5)).map((b) => b(c))].join('\n'));
    } else {
      paras.push(paragraph(c, int(2, 5)));
    }
  }
  if (chance(0.3)) paras.push('Thanks for reading!');
  return paras.join('\n\n');
}

// ---- hostile postings -------------------------------------------------------------
//
// At least 20 postings whose text attacks naive rendering: markup, script,
// attribute breakouts, quotes and backslashes, a 300+ character word,
// right-to-left text and bidi controls, emoji, template syntax, CR/LF.
// Their titles and descriptions replace the generated ones; everything else
// (type, budget, category, dates) comes from the PRNG like any posting.

const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(7) + 'X'; // 316 chars, no spaces
const LONGER_WORD = 'https://example.com/' + 'a1b2c3d4e5'.repeat(50); // 520 chars, no spaces

const HOSTILE = [
  {
    title: '<script>alert(1)</script> Urgent React bug fix',
    description: 'Our page shows <script>alert(1)</script> instead of the header.\n\n<b>Bold</b> <i>italic</i> <u>underline</u> and a <a href="https://example.com">link</a>.',
  },
  {
    title: '"><img src=x onerror=alert(1)> landing page',
    description: 'Attribute breakout: "><img src=x onerror=alert(1)> and \'><svg onload=alert(1)>.\n\nPlease keep the markup <em>exactly</em> as written.',
  },
  {
    title: 'Need "quotes", \'apostrophes\' and \\ backslashes \\\\ handled',
    description: 'Paths like C:\\Users\\admin\\Desktop\\ and a literal \\n that is not a newline.\n\nJSON inside text: {"key": "value", "nested": "\\"quoted\\""}',
  },
  {
    title: `Very long word ${LONG_WORD} in a title`,
    description: `First paragraph with a long word: ${LONGER_WORD}\n\nSecond paragraph: ${LONG_WORD}`,
  },
  {
    title: 'مطلوب مطور ويب لمتجر إلكتروني',
    description: 'نحن نبحث عن مطور ويب ذو خبرة لبناء متجر إلكتروني.\n\nيجب أن يكون لديك خبرة في React و Node.js.',
  },
  {
    title: 'דרוש מפתח אפליקציות לטווח ארוך',
    description: 'אנחנו מחפשים מפתח "מנוסה" לאפליקציה.\n\nניסיון ב-Flutter הוא יתרון.',
  },
  {
    title: 'Invoice \u202Efdp.exe\u202C review and cleanup',
    description: 'Right-to-left override: \u202Etxt.exe\u202C.\n\nMarks: a\u200Fb\u200Ec, isolates \u2067مرحبا\u2069 and \u2066hello\u2069, embedding \u202Bשלום\u202C.',
  },
  {
    title: '🚀 Build my startup MVP 🦄🔥 (👩‍💻 needed)',
    description: 'Emoji everywhere 😀😃😄 with skin tones 👍🏽👍🏿 and flags 🇺🇸🇩🇪🇯🇵.\n\nZWJ family: 👨‍👩‍👧‍👦 and keycap 1️⃣.',
  },
  {
    title: 'Fix <a href="javascript:alert(1)">this link</a> handler',
    description: 'Links: <a href="javascript:alert(1)">click me</a> and [markdown](javascript:alert(1)).\n\n<iframe src="https://example.com"></iframe><style>body{display:none}</style>',
  },
  {
    title: 'Template {{7*7}} ${7*7} <%= 7*7 %> #{7*7} engine audit',
    description: 'Server-side template injection probes: {{7*7}}, ${7*7}, <%= 7*7 %>, #{7*7}, {% raw %}{{ config }}{% endraw %}.\n\nPrintf: %s %d %n %x %%.',
  },
  {
    title: "SQL helper: '; DROP TABLE jobs; --",
    description: "Robert'); DROP TABLE Students;-- and \" OR \"1\"=\"1.\n\nAlso 1; SELECT * FROM users WHERE name = 'admin' --",
  },
  {
    title: 'Line one\r\nSet-Cookie: session=stolen',
    description: 'Header injection attempt:\r\nLocation: https://evil.example/\r\n\r\nand a bare carriage return\rhere.',
  },
  {
    title: 'Z̴̡̢a̷̛l̸̨g̵̕o̶̧ text and combining marks',
    description: 'Z̴̡̢̛̗̘̙a̷̛̠̤̦l̸̨̖̗g̵̕͜o̶̧ is coming.\n\nCombining: e\u0301 vs é, n\u0303 vs ñ, Å vs A\u030A.',
  },
  {
    title: 'HTML entities &lt;script&gt; &amp;amp; &#x3C;b&#x3E; &quot;',
    description: 'Already escaped: &lt;script&gt;alert(1)&lt;/script&gt; must show as written, not as a tag.\n\n&amp; &nbsp; &#60; &#x27; &copy;',
  },
  {
    title: 'Unicode line separators\u2028inside\u2029the title',
    description: 'U+2028 here:\u2028and U+2029 here:\u2029end.\n\nThey break naive JavaScript string literals.',
  },
  {
    title: 'Mixed direction: Hello שלום مرحبا 123 world',
    description: 'Numbers inside RTL: المبلغ 1,500 دولار.\n\nHebrew with English: אני צריך React developer עבור הפרויקט.',
  },
  {
    title: `${'Extremely long title that keeps going '.repeat(9)}end`,
    description: 'The title above is over 300 characters long with spaces; it must wrap or be cut cleanly.',
  },
  {
    title: 'Whitespace-only description',
    description: '   \n\n\t  ',
  },
  {
    title: 'Many blank lines',
    description: 'First.\n\n\n\n\n\n\n\nAfter seven blank lines.\n\n\n\nLast.',
  },
  {
    title: '<svg/onload=alert(1)> <body onload=alert(1)> icon set',
    description: '<svg><script>alert(1)</script></svg>\n\n<img src="x" onerror="alert(document.cookie)">\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  },
  {
    title: 'ANSI \u001b[31mred\u001b[0m and bell\u0007 in the title',
    description: 'Terminal escapes: \u001b[2J\u001b[H clear screen, \u001b]0;title\u0007.\n\nTab\tseparated\tvalues.',
  },
  {
    title: 'URL tricks https://evil.example/?q="><script>alert(1)</script>',
    description: 'Visit <https://evil.example/?q="><script>alert(1)</script>> or http://127.0.0.1:8080/admin?x=1&y=<b>2</b>.\n\nmailto:test@example.com?subject=<script>',
  },
  {
    title: "Backslash at the end \\",
    description: "Ends with a backslash \\\n\nand a quote at the very end \"",
  },
  {
    title: 'ＦＵＬＬＷＩＤＴＨ ｓｃｒｉｐｔ ＜ｓｃｒｉｐｔ＞ and ℌ𝔢𝔩𝔩𝔬 𝕨𝕠𝕣𝕝𝕕',
    description: 'Fullwidth angle brackets ＜ｓｃｒｉｐｔ＞ａｌｅｒｔ（１）＜／ｓｃｒｉｐｔ＞ and astral-plane letters 𝒜𝒷𝒸 (surrogate pairs).\n\nCJK: 我们需要一名开发人员。日本語のテキスト。한국어 텍스트.',
  },
];

// ---- postings ----------------------------------------------------------------------

const DURATIONS = [
  ['WEEK', 'Less than 1 month', 4],
  ['MONTH', '1 to 3 months', 12],
  ['QUARTER', '3 to 6 months', 26],
  ['SEMESTER', 'More than 6 months', 52],
];
const ENGAGEMENT_LABELS = {
  FULL_TIME: '30+ hrs/week',
  PART_TIME: 'Less than 30 hrs/week',
  AS_NEEDED: 'As needed - open to offers',
  NOT_SURE: "I'm not sure",
};
const ENGLISH = ['ANY', 'CONVERSATIONAL', 'FLUENT', 'NATIVE'];
const HOSTILE_EVERY = 22; // hostile posting k sits at index 7 + 22k
const HOSTILE_AT = 7;

// Seconds before "now" a posting was created: within 30 days, all distinct,
// and never within 15 minutes of a whole number of days, so "posted within
// N days" gives the same answer whether computed from postedSecondsAgo or
// from createdDateTime and a clock read a few seconds later.
const usedOffsets = new Set();
function postedOffset() {
  for (;;) {
    const s = int(300, 30 * DAY_S - 900);
    const r = s % DAY_S;
    if (r < 900 || r > DAY_S - 900 || usedOffsets.has(s)) continue;
    usedOffsets.add(s);
    return s;
  }
}

function budgetFixed() {
  const raw = logUniform(5, 100000);
  const step = raw < 100 ? 5 : raw < 1000 ? 25 : raw < 10000 ? 100 : 1000;
  return Math.max(5, Math.round(raw / step) * step);
}

function hourlyRange() {
  let min = weighted([[int(5, 25), 40], [int(25, 60), 40], [int(60, 150), 20]]);
  if (chance(0.12)) min += 0.5;
  let max = chance(0.1) ? min : min + weighted([[int(5, 20), 60], [int(20, 80), 40]]);
  if (chance(0.08)) max = round2(max + 0.75);
  return [min, max];
}

const usedCiphers = new Set();
function ciphertext() {
  for (;;) {
    const c = `~02${hexChars(18)}`;
    if (!usedCiphers.has(c)) {
      usedCiphers.add(c);
      return c;
    }
  }
}

function makeJob(i) {
  const hostileIndex = (i - HOSTILE_AT) % HOSTILE_EVERY === 0 ? (i - HOSTILE_AT) / HOSTILE_EVERY : -1;
  const hostile = hostileIndex >= 0 && hostileIndex < HOSTILE.length ? HOSTILE[hostileIndex] : null;

  const catIndex = int(0, CATEGORIES.length - 1);
  const def = CATEGORY_DEFS[catIndex];
  const category = CATEGORIES[catIndex];
  const subcategory = pick(category.subcategories);
  const own = def.skills.map((s) => skillByPretty.get(s));
  let skills = sample(own, Math.min(own.length, int(3, 8)));
  while (skills.length < 3 || (skills.length < 8 && chance(0.15))) {
    const extra = pick(NORMAL_SKILLS);
    if (!skills.includes(extra)) skills.push(extra);
  }
  const client = hostile ? HOSTILE_CLIENTS[hostileIndex % HOSTILE_CLIENTS.length] : pick(CLIENTS);
  if (hostile) skills = [HOSTILE_SKILLS[hostileIndex % HOSTILE_SKILLS.length], ...skills.slice(0, int(2, 5))];

  const jobType = chance(0.55) ? 'HOURLY' : 'FIXED';
  const experienceLevel = weighted([['ENTRY_LEVEL', 25], ['INTERMEDIATE', 50], ['EXPERT', 25]]);
  const duration = pick(DURATIONS);
  let amount = 0;
  let maxAmount = null;
  let hourlyBudgetType = null;
  let hourlyBudgetMin = null;
  let hourlyBudgetMax = null;
  let workload = null;
  if (jobType === 'FIXED') {
    amount = budgetFixed();
    if (chance(0.1)) maxAmount = amount * 2;
  } else {
    hourlyBudgetType = weighted([['DEFAULT', 45], ['MANUAL', 45], ['NOT_PROVIDED', 10]]);
    if (hourlyBudgetType !== 'NOT_PROVIDED') [hourlyBudgetMin, hourlyBudgetMax] = hourlyRange();
    workload = weighted([['FULL_TIME', 25], ['PART_TIME', 45], ['AS_NEEDED', 20], ['NOT_SURE', 10]]);
  }

  const thing = pick(def.things);
  const c = {
    role: def.role,
    aRole: withArticle(def.role),
    thing,
    aThing: withArticle(thing),
    adj: pick(ADJECTIVES),
    s1: skills[0].prettyName,
    s2: skills[1].prettyName,
    s3: skills[2].prettyName,
    timezone: client.timezone,
    hours: pick([5, 10, 20, 30, 40]),
  };
  // Titles name normal skills, never the hostile one in front.
  if (hostile) Object.assign(c, { s1: skills[1].prettyName, s2: skills[2].prettyName, s3: (skills[3] || skills[1]).prettyName });
  const title = hostile ? hostile.title : pick(TITLE_TEMPLATES)(c);
  const desc = hostile ? hostile.description : description(c);

  const totalApplicants = weighted([[0, 8], [int(1, 5), 30], [int(5, 20), 32], [int(20, 50), 20], [int(50, 100), 10]]);
  const postedSecondsAgo = postedOffset();
  const publishDelayS = Math.min(int(0, 600), postedSecondsAgo - 1);
  const renewedSecondsAgo = chance(0.05) ? int(0, postedSecondsAgo - publishDelayS) : null;
  const questions = chance(0.35) ? sample(QUESTIONS, int(1, 5)).map((q) => q(c)) : [];
  const interviewed = Math.min(totalApplicants, int(0, 8));
  const invitesSent = int(0, 15);
  const hired = interviewed > 0 && chance(0.15) ? 1 : 0;
  const base = jobType === 'FIXED' ? amount : hourlyBudgetMin !== null ? (hourlyBudgetMin + hourlyBudgetMax) / 2 : 30;
  const preferredCountries = chance(0.15) ? sample(['United States', 'United Kingdom', 'Canada', 'Germany', 'India', 'Australia'], int(1, 2)) : [];
  const attachments = chance(0.1)
    ? Array.from({ length: int(1, 2) }, (_, n) => ({
      id: digits(9),
      sequenceNumber: n + 1,
      fileName: hostile && n === 0 ? '"><img src=x onerror=alert(1)>.pdf' : pick(['brief.pdf', 'wireframes.png', 'spec.docx', 'data-sample.csv', 'logo.ai']),
      fileSize: int(2000, 9000000),
    }))
    : [];

  return {
    index: i,
    id: String(1830000000000000000n + BigInt(i) * 104729n + BigInt(int(0, 99999))),
    ciphertext: ciphertext(),
    title,
    description: desc,
    hostile: Boolean(hostile),
    jobType,
    experienceLevel,
    workload,
    engagement: workload ? ENGAGEMENT_LABELS[workload] : null,
    duration: duration[0],
    durationLabel: duration[1],
    durationWeeks: duration[2],
    amount,
    maxAmount,
    hourlyBudgetType,
    hourlyBudgetMin,
    hourlyBudgetMax,
    categoryId: category.id,
    subcategoryId: subcategory.id,
    skillIds: skills.map((s) => s.id),
    totalApplicants,
    freelancersToHire: weighted([[1, 80], [int(2, 5), 20]]),
    premium: chance(0.1),
    enterprise: chance(0.08),
    postedSecondsAgo,
    publishDelayS,
    renewedSecondsAgo,
    clientKey: client.key,
    coverLetterRequired: chance(0.85),
    freelancerMilestonesAllowed: jobType === 'FIXED' && chance(0.7),
    screeningQuestions: questions,
    preferredCountries,
    preferredLocationMandatory: preferredCountries.length > 0 && chance(0.5),
    qualification: {
      englishProficiency: pick(ENGLISH),
      hasPortfolio: chance(0.3),
      hoursWorked: pick([null, null, 100, 1000]),
      risingTalent: chance(0.5),
      jobSuccessScore: pick([null, null, 80, 90]),
    },
    activity: {
      lastClientActivitySecondsAgo: chance(0.7) ? int(0, postedSecondsAgo) : null,
      invitesSent,
      totalInvitedToInterview: interviewed,
      totalHired: hired,
      totalUnansweredInvites: int(0, invitesSent),
      totalOffered: hired + (chance(0.1) ? 1 : 0),
      totalRecommended: int(0, 10),
    },
    bids: totalApplicants === 0 ? null : {
      avg: round2(base * (0.8 + rnd() * 0.5)),
      min: round2(Math.max(1, base * (0.3 + rnd() * 0.3))),
      max: round2(base * (1.4 + rnd() * 1.5)),
      avgInterviewed: interviewed ? round2(base * (0.9 + rnd() * 0.4)) : null,
    },
    attachments,
  };
}

const JOBS = Array.from({ length: JOB_COUNT }, (_, i) => makeJob(i));

// ---- indexes and freezing ------------------------------------------------------------

const CLIENT_BY_KEY = new Map([...CLIENTS, ...HOSTILE_CLIENTS].map((c) => [c.key, c]));
const SKILL_BY_ID = new Map(SKILLS.map((s) => [s.id, s]));
const CATEGORY_BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));
const SUBCATEGORY_BY_ID = new Map(SUBCATEGORIES.map((s) => [s.id, s]));
const JOB_BY_ID = new Map(JOBS.map((j) => [j.id, j]));
if (JOB_BY_ID.size !== JOBS.length) throw new Error('data-jobs: duplicate job ids');

deepFreeze(CATEGORIES);
deepFreeze(SKILLS);
deepFreeze(CLIENTS);
deepFreeze(HOSTILE_CLIENTS);
deepFreeze(COUNTRIES);
deepFreeze(JOBS);

const clientOf = (job) => CLIENT_BY_KEY.get(job.clientKey);
const skillsOf = (job) => job.skillIds.map((id) => SKILL_BY_ID.get(id));
const categoryOf = (job) => CATEGORY_BY_ID.get(job.categoryId);
const subcategoryOf = (job) => SUBCATEGORY_BY_ID.get(job.subcategoryId);
const countryOf = (client) => COUNTRIES[client.countryCode];

function jobById(id) {
  return typeof id === 'string' && JOB_BY_ID.has(id) ? JOB_BY_ID.get(id) : null;
}

// Whole-second sandbox time: every timestamp of one request is derived from it.
function epochSeconds(nowMs) {
  return Math.floor(nowMs / 1000);
}

function isoAgo(nowMs, secondsAgo) {
  return secondsAgo === null || secondsAgo === undefined ? null : new Date((epochSeconds(nowMs) - secondsAgo) * 1000).toISOString();
}

// GET /__sandbox/jobs: everything a test needs to predict search results,
// with plain numbers instead of Money.
function dump(nowMs) {
  return {
    seed: SEED,
    now: new Date(epochSeconds(nowMs) * 1000).toISOString(),
    count: JOBS.length,
    jobs: JOBS.map((j) => {
      const client = clientOf(j);
      const cat = categoryOf(j);
      const sub = subcategoryOf(j);
      return {
        ...j,
        createdDateTime: isoAgo(nowMs, j.postedSecondsAgo),
        publishedDateTime: isoAgo(nowMs, j.postedSecondsAgo - j.publishDelayS),
        renewedDateTime: isoAgo(nowMs, j.renewedSecondsAgo),
        category: { id: cat.id, preferredLabel: cat.preferredLabel, slug: cat.slug },
        subcategory: { id: sub.id, preferredLabel: sub.preferredLabel, slug: sub.slug },
        skills: skillsOf(j).map(({ id, name, prettyName }) => ({ id, name, prettyName })),
        client: { ...client, country: countryOf(client).name, memberSinceDateTime: isoAgo(nowMs, client.memberSinceDaysAgo * DAY_S) },
      };
    }),
  };
}

function categoriesDump() {
  return CATEGORIES;
}

module.exports = {
  SEED, JOBS, CATEGORIES, SKILLS, COUNTRIES, DAY_S,
  jobById, clientOf, skillsOf, categoryOf, subcategoryOf, countryOf,
  epochSeconds, isoAgo, dump, categoriesDump,
};
