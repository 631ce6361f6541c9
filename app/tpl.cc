/* tpl.cc: ctemplate behind the C API of tpl.h; the only C++ in Workdesk. */
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>

#include <sys/stat.h>

#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_emitter.h>

extern "C" {
#include "tpl.h"
}

namespace {

/* The only place a template name comes from: callers pick an enum. */
const char *const tpl_files[] = {
	"layout.tpl",	/* TPL_LAYOUT */
	"signin.tpl",	/* TPL_SIGNIN */
	"home.tpl",	/* TPL_HOME */
	"error.tpl",	/* TPL_ERROR */
	"doc.tpl",	/* TPL_DOC */
	"consent.tpl",	/* TPL_CONSENT */
	"account.tpl",	/* TPL_ACCOUNT */
	"admin.tpl",	/* TPL_ADMIN */
	"jobs.tpl",	/* TPL_JOBS */
	"job.tpl",	/* TPL_JOB */
	"apply.tpl",	/* TPL_APPLY */
	"proposals.tpl",	/* TPL_PROPOSALS */
	"proposal.tpl",	/* TPL_PROPOSAL */
	"org.tpl",	/* TPL_ORG */
	"contracts.tpl",	/* TPL_CONTRACTS */
	"contract.tpl",	/* TPL_CONTRACT */
	"action.tpl",	/* TPL_ACTION */
	"messages.tpl",	/* TPL_MESSAGES */
	"room.tpl",	/* TPL_ROOM */
	"billing.tpl",	/* TPL_BILLING */
	"invoice.tpl",	/* TPL_INVOICE */
};
static_assert(sizeof tpl_files / sizeof tpl_files[0] == TPL__MAX,
    "tpl_files needs one file per enum tpl_name");

/* Drop whitespace-only lines and lines holding only a tag, keep every other
 * byte: STRIP_WHITESPACE would join prose lines ("a\nb" becomes "ab"). */
constexpr ctemplate::Strip tpl_strip = ctemplate::STRIP_BLANK_LINES;

/* Without it ctemplate escapes nothing, so a template lacking it is refused. */
const char tpl_pragma[] = "{{%AUTOESCAPE context=\"HTML\"}}";

/*
 * One generation of templates, loaded from dir and frozen. A frozen cache is
 * never written again, so any number of threads may expand from it, and
 * ExpandNoLoad never touches the disk.
 *
 * Why a new generation per reload instead of ReloadAllIfChanged on one cache:
 * - tpl_reload must be all or nothing. ReloadAllIfChanged returns nothing and
 *   replaces files one by one; a file that no longer parses stays in the cache
 *   in its error state, so the old version would be lost.
 * - The pragma check must see the bytes ctemplate parses. We read each file
 *   once, check it and hand the same bytes to StringToTemplateCache; a
 *   file-based cache would read the file again behind the check (Freeze
 *   itself rereads changed files).
 */
struct tpl_gen {
	std::string			dir;
	std::string			override_dir;	/* "" for none */
	ctemplate::TemplateCache	cache;
};

/* Templates an operator may not replace: they carry the Upwork attribution
 * and the wording of signing in and of consent, which must stay as shipped
 * (DESIGN.md: attribution; the API Terms' consent). */
bool
tpl_fixed(const char *name)
{
	return strcmp(name, "layout.tpl") == 0 ||
	    strcmp(name, "signin.tpl") == 0 ||
	    strcmp(name, "consent.tpl") == 0;
}

/* ctemplate's ~Template bumps a static counter without a lock
 * (Template::num_deletes_), so no two threads may free templates at once:
 * every free of a generation, and every parse (which frees the new template
 * when it fails), holds this. */
std::mutex	tpl_free_mutex;

void
tpl_gen_free(tpl_gen *gen)
{
	std::lock_guard<std::mutex> lock(tpl_free_mutex);

	delete gen;
}

/* Guards the pointer only. An expansion holds its own reference, so a reload
 * never waits for expansions and an old generation is freed by whichever
 * thread drops the last reference to it. */
std::mutex			tpl_mutex;
std::shared_ptr<const tpl_gen>	tpl_current;

std::shared_ptr<const tpl_gen>
tpl_get(void)
{
	std::lock_guard<std::mutex> lock(tpl_mutex);
	return tpl_current;
}

void
tpl_put(std::shared_ptr<const tpl_gen> gen)
{
	{
		std::lock_guard<std::mutex> lock(tpl_mutex);
		tpl_current.swap(gen);
	}
	/* gen holds the previous generation now: if no expansion still uses
	 * it, it is freed here, after the unlock. */
}

bool
tpl_valid(enum tpl_name which)
{
	return static_cast<int>(which) >= 0 &&
	    static_cast<int>(which) < static_cast<int>(TPL__MAX);
}

/* The whole file at path into *text; false with a message on stderr. */
bool
tpl_read(const std::string &path, std::string *text)
{
	std::unique_ptr<FILE, int (*)(FILE *)> fp(fopen(path.c_str(), "re"),
	    fclose);
	char	 chunk[8192];
	size_t	 n;

	if (!fp) {
		int e = errno;
		fprintf(stderr, "tpl: %s: %s\n", path.c_str(),
		    std::generic_category().message(e).c_str());
		return false;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp.get())) > 0)
		text->append(chunk, n);
	if (ferror(fp.get())) {
		fprintf(stderr, "tpl: %s: read error\n", path.c_str());
		return false;
	}
	return true;
}

/* Does text begin with the pragma? A message naming path if not. */
bool
tpl_has_pragma(const std::string &path, const std::string &text)
{
	if (text.compare(0, sizeof tpl_pragma - 1, tpl_pragma) == 0)
		return true;
	fprintf(stderr, "tpl: %s: does not begin with %s\n", path.c_str(),
	    tpl_pragma);
	return false;
}

/* Parse text as name into cache; a message naming path if it fails. */
bool
tpl_parse(ctemplate::TemplateCache *cache, const std::string &path,
    const char *name, const std::string &text)
{
	bool	 parsed;

	{
		std::lock_guard<std::mutex> lock(tpl_free_mutex);

		parsed = cache->StringToTemplateCache(name, text, tpl_strip);
	}
	if (!parsed)
		fprintf(stderr, "tpl: %s: does not parse (ctemplate says why "
		    "above)\n", path.c_str());
	return parsed;
}

/* The operator's replacement for name, if override_dir has a good one:
 * true and its text. One that is there but bad (unreadable, no pragma,
 * does not parse, or a template that may not be replaced) is reported, and
 * the shipped one is used: a typo in an override never takes a site down. */
bool
tpl_override(const std::string &override_dir, const char *name,
    std::string *text)
{
	std::string	 path = override_dir + "/" + name;
	struct stat	 st;

	if (override_dir.empty() || lstat(path.c_str(), &st) == -1)
		return false;
	if (tpl_fixed(name)) {
		fprintf(stderr, "tpl: %s: %s carries the Upwork attribution or "
		    "the sign-in and consent wording and cannot be replaced; "
		    "using the shipped one\n", path.c_str(), name);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "tpl: %s: not a regular file; using the "
		    "shipped %s\n", path.c_str(), name);
		return false;
	}
	/* Tried in a scratch cache, so a bad override leaves nothing in
	 * the generation's. */
	ctemplate::TemplateCache scratch;
	if (!tpl_read(path, text) || !tpl_has_pragma(path, *text) ||
	    !tpl_parse(&scratch, path, name, *text)) {
		fprintf(stderr, "tpl: %s: using the shipped %s instead\n",
		    path.c_str(), name);
		text->clear();
		return false;
	}
	fprintf(stderr, "tpl: %s: replaces the shipped %s\n", path.c_str(),
	    name);
	return true;
}

/* Read, check and parse every template under dir (or its good override)
 * into a new frozen generation; NULL, with a message on stderr naming the
 * file, if a shipped one fails. */
std::shared_ptr<const tpl_gen>
tpl_load(const std::string &dir, const std::string &override_dir)
{
	std::shared_ptr<tpl_gen> gen(new tpl_gen, tpl_gen_free);

	gen->dir = dir;
	gen->override_dir = override_dir;
	for (const char *name : tpl_files) {
		std::string	 path = dir + "/" + name, text;

		if (tpl_override(override_dir, name, &text))
			path = override_dir + "/" + name;
		else if (!tpl_read(path, &text) || !tpl_has_pragma(path, text))
			return nullptr;
		if (!tpl_parse(&gen->cache, path, name, text))
			return nullptr;
	}
	gen->cache.Freeze();
	return gen;
}

/* Appends what ctemplate emits to a struct buf. Emit cannot fail, so the
 * first failed append is remembered and later output dropped. */
class buf_emitter : public ctemplate::ExpandEmitter {
public:
	explicit buf_emitter(struct buf *out) : out_(out) {}
	void Emit(char c) override { Emit(&c, 1); }
	void Emit(const std::string &s) override { Emit(s.data(), s.size()); }
	void Emit(const char *s) override { Emit(s, strlen(s)); }
	void Emit(const char *s, size_t n) override
	{
		/* A page is thousands of short pieces: copy in place while
		 * they fit, and let buf_append grow the buffer otherwise. */
		if (ok_ && out_->p != NULL && n < out_->cap - out_->len) {
			memcpy(out_->p + out_->len, s, n);
			out_->len += n;
			out_->p[out_->len] = '\0';
		} else if (ok_ && buf_append(out_, s, n) == -1)
			ok_ = false;
	}
	bool ok(void) const { return ok_; }

private:
	struct buf	*out_;
	bool		 ok_ = true;
};

/*
 * The names callers pass (variables, sections, includes), kept once.
 *
 * A dictionary keeps a name by pointer, so a name must outlive every page.
 * They are the program's own literals, a few hundred: each is filed once in
 * tpl_names_all (never freed), and each thread then finds it in its own
 * slots by the address of the caller's string (a literal keeps its
 * address), checked against the name itself, without a lock. At
 * TPL_NAMES_MAX the table stops growing: more names than the program has
 * means a caller builds them, and those are copied into the page's arena.
 */
constexpr size_t	TPL_NAMES_MAX = 2048;
constexpr size_t	TPL_SLOTS = 1024;	/* a power of two */

struct tpl_slot {
	const char		*addr;
	std::string_view	 name;
};

std::mutex			 tpl_names_mutex;
std::unordered_set<std::string>	*tpl_names_all =
    new std::unordered_set<std::string>;
thread_local tpl_slot		 tpl_slots[TPL_SLOTS];

/* name's kept copy, or an empty view when the table is full. */
std::string_view
tpl_name_kept(const char *name)
{
	tpl_slot	*slot = &tpl_slots[(reinterpret_cast<uintptr_t>(name) *
	    0x9E3779B97F4A7C15ULL >> 40) & (TPL_SLOTS - 1)];

	/* Kept names end in a NUL, so strcmp compares them whole. */
	if (slot->addr == name && strcmp(slot->name.data(), name) == 0)
		return slot->name;
	std::string_view v(name);
	std::lock_guard<std::mutex> lock(tpl_names_mutex);
	auto all = tpl_names_all->find(std::string(v));
	if (all == tpl_names_all->end()) {
		if (tpl_names_all->size() >= TPL_NAMES_MAX)
			return std::string_view();
		all = tpl_names_all->emplace(v).first;
	}
	/* A set's elements stay put. */
	slot->addr = name;
	slot->name = std::string_view(all->data(), all->size());
	return slot->name;
}

/*
 * Our own dictionary, which ctemplate expands through its
 * TemplateDictionaryInterface.
 *
 * ctemplate's TemplateDictionary made a warm /jobs page spend a quarter of
 * its instructions building it (callgrind): every section dictionary gets
 * a name built with snprintf and string concatenation ("tpl/JOB#3/SKILL#2",
 * for debug dumps), every key goes into std::map nodes. This one keeps
 * small vectors searched in order, and one arena per page for the values.
 * It answers as TemplateDictionary does (template_dictionary.cc): a
 * variable, a section or an include is looked up in the dictionary, then
 * in its parents (an include's dictionary has none), then the built-ins
 * BI_SPACE and BI_NEWLINE; a missing variable is empty.
 */
class tpl_page;

class tpl_dict_impl final : public ctemplate::TemplateDictionaryInterface {
public:
	tpl_dict_impl(tpl_page *page, const tpl_dict_impl *parent)
	    : page_(page), parent_(parent) {}

	tpl_page			*page_;
	const tpl_dict_impl		*parent_;
	const char			*filename_ = nullptr;

	struct var {
		std::string_view	 name;
		std::string_view	 value;
	};
	struct list {
		std::string_view			 name;
		std::vector<const tpl_dict_impl *>	 dicts;
	};
	std::vector<var>	 vars_;
	std::vector<list>	 sections_, includes_;

	static std::string_view
	view(const ctemplate::TemplateString &n)
	{
		return std::string_view(n.data(), n.size());
	}
	/* The list named n in v (const or not), or nullptr. */
	template <typename V>
	static auto
	find(V &v, std::string_view n) -> decltype(v.data())
	{
		for (auto &l : v)
			if (l.name == n)
				return &l;
		return nullptr;
	}
	const list *
	find_up(const std::vector<list> tpl_dict_impl::*which,
	    const ctemplate::TemplateString &n) const
	{
		for (const tpl_dict_impl *d = this; d; d = d->parent_)
			if (const list *l = find(d->*which, view(n)))
				return l;
		return nullptr;
	}

	class iter final : public Iterator {
	public:
		explicit iter(const std::vector<const tpl_dict_impl *> *v)
		    : at_(v ? v->data() : nullptr),
		      end_(v ? v->data() + v->size() : nullptr) {}
		bool HasNext() const override { return at_ != end_; }
		const TemplateDictionaryInterface &Next() override
		{
			return **at_++;
		}
	private:
		const tpl_dict_impl *const	*at_, *const *end_;
	};

protected:
	ctemplate::TemplateString
	GetValue(const ctemplate::TemplateString &n) const override
	{
		std::string_view	 name = view(n);

		for (const tpl_dict_impl *d = this; d; d = d->parent_)
			for (const var &v : d->vars_)
				if (v.name == name)
					return ctemplate::TemplateString(
					    v.value.data(), v.value.size());
		if (name == "BI_SPACE")
			return ctemplate::TemplateString(" ", 1);
		if (name == "BI_NEWLINE")
			return ctemplate::TemplateString("\n", 1);
		return ctemplate::TemplateString("", 0);
	}
	bool
	IsHiddenSection(const ctemplate::TemplateString &n) const override
	{
		return find_up(&tpl_dict_impl::sections_, n) == nullptr;
	}
	bool
	IsUnhiddenSection(const ctemplate::TemplateString &n) const override
	{
		return !IsHiddenSection(n);
	}
	bool
	IsHiddenTemplate(const ctemplate::TemplateString &n) const override
	{
		return find_up(&tpl_dict_impl::includes_, n) == nullptr;
	}
	const char *
	GetIncludeTemplateName(const ctemplate::TemplateString &n,
	    int dictnum) const override
	{
		const list *l = find_up(&tpl_dict_impl::includes_, n);

		if (l == nullptr || dictnum < 0 ||
		    static_cast<size_t>(dictnum) >= l->dicts.size() ||
		    l->dicts[static_cast<size_t>(dictnum)]->filename_ == nullptr)
			return "";
		return l->dicts[static_cast<size_t>(dictnum)]->filename_;
	}
	Iterator *
	CreateSectionIterator(const ctemplate::TemplateString &n) const override
	{
		const list *l = find_up(&tpl_dict_impl::sections_, n);

		return new iter(l ? &l->dicts : nullptr);
	}
	Iterator *
	CreateTemplateIterator(const ctemplate::TemplateString &n) const
	    override
	{
		const list *l = find_up(&tpl_dict_impl::includes_, n);

		return new iter(l ? &l->dicts : nullptr);
	}
	void
	DumpToString(std::string *out, int level) const override
	{
		std::string pad(static_cast<size_t>(level), ' ');

		for (const var &v : vars_)
			*out += pad + std::string(v.name) + ": " +
			    std::string(v.value) + "\n";
		for (const list &l : sections_)
			for (const tpl_dict_impl *d : l.dicts) {
				*out += pad + "#" + std::string(l.name) + "\n";
				d->DumpToString(out, level + 2);
			}
		for (const list &l : includes_)
			for (const tpl_dict_impl *d : l.dicts) {
				*out += pad + ">" + std::string(l.name) + "\n";
				d->DumpToString(out, level + 2);
			}
	}
};

/* One page's dictionaries and the strings they hold, freed together. */
class tpl_page {
public:
	tpl_page() = default;
	tpl_page(const tpl_page &) = delete;
	tpl_page &operator=(const tpl_page &) = delete;
	~tpl_page()
	{
		for (auto &c : chunks_)
			for (size_t i = 0; i < c->n; i++)
				c->get(i)->~tpl_dict_impl();
	}

	tpl_dict_impl *
	add(const tpl_dict_impl *parent)
	{
		if (chunks_.empty() || chunks_.back()->n == DICTS)
			chunks_.emplace_back(new chunk);
		chunk *c = chunks_.back().get();
		tpl_dict_impl *d = new (c->slot(c->n)) tpl_dict_impl(this, parent);
		c->n++;
		return d;
	}
	/* A copy of s in the arena. */
	std::string_view
	dup(const char *s, size_t n)
	{
		char	*p;

		if (n + 1 > cap_ - used_) {
			size_t	 size = n + 1 > BLOCK ? n + 1 : BLOCK;

			blocks_.emplace_back(new char[size]);
			cap_ = size;
			used_ = 0;
		}
		p = blocks_.back().get() + used_;
		memcpy(p, s, n);
		p[n] = '\0';
		used_ += n + 1;
		return std::string_view(p, n);
	}
	/* A name, kept for the process or copied here. */
	std::string_view
	name(const char *s)
	{
		std::string_view	 v = tpl_name_kept(s);

		return v.data() != nullptr ? v : dup(s, strlen(s));
	}

private:
	/* Dictionaries in blocks of DICTS, built in place: a /jobs page has
	 * about 150 of them. */
	static constexpr size_t	 DICTS = 64;
	struct chunk {
		alignas(tpl_dict_impl) unsigned char
					 mem[DICTS * sizeof(tpl_dict_impl)];
		size_t			 n = 0;

		void *slot(size_t i) { return mem + i * sizeof(tpl_dict_impl); }
		tpl_dict_impl *get(size_t i)
		{
			return reinterpret_cast<tpl_dict_impl *>(slot(i));
		}
	};
	std::vector<std::unique_ptr<chunk>>	 chunks_;
	static constexpr size_t			 BLOCK = 16384;
	std::vector<std::unique_ptr<char[]>>	 blocks_;
	size_t					 used_ = 0, cap_ = 0;
};

tpl_dict_impl *
cc(struct tpl_dict *d)
{
	return reinterpret_cast<tpl_dict_impl *>(d);
}

const tpl_dict_impl *
cc(const struct tpl_dict *d)
{
	return reinterpret_cast<const tpl_dict_impl *>(d);
}

struct tpl_dict *
c(tpl_dict_impl *d)
{
	return reinterpret_cast<struct tpl_dict *>(d);
}

/* Add a dictionary to the list named name in v (made if new). */
tpl_dict_impl *
tpl_list_add(tpl_dict_impl *d, std::vector<tpl_dict_impl::list> *v,
    const char *name, const tpl_dict_impl *parent)
{
	std::string_view		 n = d->page_->name(name);
	tpl_dict_impl::list		*l = tpl_dict_impl::find(*v, n);

	if (l == nullptr) {
		if (v->empty())
			v->reserve(4);
		v->push_back(tpl_dict_impl::list{ n, {} });
		l = &v->back();
		l->dicts.reserve(4);
	}
	tpl_dict_impl *sub = d->page_->add(parent);
	l->dicts.push_back(sub);
	return sub;
}

} /* namespace */

extern "C" int
tpl_init(const char *dir)
{
	return tpl_init_overrides(dir, NULL);
}

extern "C" int
tpl_init_overrides(const char *dir, const char *override_dir)
{
	struct stat	 st;

	if (dir == NULL)
		return -1;
	if (override_dir != NULL && (stat(override_dir, &st) == -1 ||
	    !S_ISDIR(st.st_mode)))
		fprintf(stderr, "tpl: %s: not a directory; using the shipped "
		    "templates\n", override_dir);
	try {
		std::shared_ptr<const tpl_gen> gen = tpl_load(dir,
		    override_dir ? override_dir : "");

		if (!gen)
			return -1;
		tpl_put(std::move(gen));
		return 0;
	} catch (...) {
		fprintf(stderr, "tpl: %s: out of memory loading templates\n",
		    dir);
		return -1;
	}
}

/* Rereads every template, changed or not: a handful of small files, and the
 * new generation is then one consistent snapshot of the directory. */
extern "C" int
tpl_reload(void)
{
	try {
		std::shared_ptr<const tpl_gen> old = tpl_get(), gen;

		if (!old) {
			fprintf(stderr, "tpl: reload before tpl_init\n");
			return -1;
		}
		if (!(gen = tpl_load(old->dir, old->override_dir))) {
			fprintf(stderr, "tpl: reload failed, "
			    "keeping the templates loaded before\n");
			return -1;
		}
		tpl_put(std::move(gen));
		return 0;
	} catch (...) {
		fprintf(stderr, "tpl: out of memory reloading templates\n");
		return -1;
	}
}

extern "C" void
tpl_exit(void)
{
	try {
		tpl_put(nullptr);
	} catch (...) {
		/* Only a failed lock can get here; the templates stay. */
	}
}

extern "C" struct tpl_dict *
tpl_dict_new(void)
{
	try {
		tpl_page	*page = new tpl_page;

		try {
			return c(page->add(nullptr));
		} catch (...) {
			delete page;
			return NULL;
		}
	} catch (...) {
		return NULL;
	}
}

extern "C" void
tpl_dict_free(struct tpl_dict *d)
{
	/* Every dictionary of the page lives in the root's page. */
	if (d != NULL)
		delete cc(d)->page_;
}

/* The void setters below cannot report no memory: a value or section lost
 * that way renders as absent, which the page shows as missing, never as
 * someone else's data. */

extern "C" void
tpl_set(struct tpl_dict *d, const char *key, const char *value)
{
	if (d == NULL || key == NULL)
		return;
	try {
		tpl_dict_impl		*t = cc(d);
		std::string_view	 n = t->page_->name(key);
		/* Copied: callers may pass temporaries. */
		std::string_view	 v = value ? t->page_->dup(value,
		    strlen(value)) : std::string_view("", 0);

		for (tpl_dict_impl::var &e : t->vars_)
			if (e.name == n) {
				e.value = v;
				return;
			}
		if (t->vars_.empty())
			t->vars_.reserve(16);
		t->vars_.push_back(tpl_dict_impl::var{ n, v });
	} catch (...) {
	}
}

extern "C" void
tpl_set_int(struct tpl_dict *d, const char *key, long long value)
{
	char	 text[32];

	snprintf(text, sizeof text, "%lld", value);
	tpl_set(d, key, text);
}

extern "C" void
tpl_show(struct tpl_dict *d, const char *section)
{
	if (d == NULL || section == NULL)
		return;
	try {
		tpl_dict_impl	*t = cc(d);

		/* Shown once, with an empty dictionary, unless it already
		 * has some (ShowSection). */
		if (tpl_dict_impl::find(t->sections_,
		    t->page_->name(section)) == nullptr)
			tpl_list_add(t, &t->sections_, section, t);
	} catch (...) {
	}
}

extern "C" struct tpl_dict *
tpl_add_section(struct tpl_dict *d, const char *section)
{
	if (d == NULL || section == NULL)
		return NULL;
	try {
		return c(tpl_list_add(cc(d), &cc(d)->sections_, section, cc(d)));
	} catch (...) {
		return NULL;
	}
}

extern "C" struct tpl_dict *
tpl_include(struct tpl_dict *d, const char *marker, enum tpl_name which)
{
	if (d == NULL || marker == NULL || !tpl_valid(which))
		return NULL;
	try {
		/* An included template sees only its own dictionary. */
		tpl_dict_impl *inc = tpl_list_add(cc(d), &cc(d)->includes_,
		    marker, nullptr);

		inc->filename_ = tpl_files[which];
		return c(inc);
	} catch (...) {
		return NULL;
	}
}

constexpr size_t	TPL_OUT_START = 48 * 1024;

extern "C" int
tpl_expand(enum tpl_name which, const struct tpl_dict *d, struct buf *out)
{
	size_t	 mark;

	if (d == NULL || out == NULL || !tpl_valid(which))
		return -1;
	mark = out->len;
	try {
		std::shared_ptr<const tpl_gen> gen = tpl_get();
		buf_emitter e(out);

		/* Room for a page like /jobs at once, instead of doubling
		 * from 256 bytes to it. */
		if (out->cap - out->len < TPL_OUT_START)
			buf_reserve(out, TPL_OUT_START);

		if (gen && gen->cache.ExpandNoLoad(tpl_files[which], tpl_strip,
		    cc(d), NULL, &e) && e.ok())
			return 0;
	} catch (...) {
	}
	/* ctemplate may have emitted part of the page before it failed. */
	out->len = mark;
	if (out->p != NULL)
		out->p[mark] = '\0';
	return -1;
}
