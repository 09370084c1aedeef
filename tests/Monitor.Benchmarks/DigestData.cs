using System.Globalization;
using Monitor.Core.Developments;
using Monitor.Core.Storage;

namespace Monitor.Benchmarks;

/// <summary>The digest bench's data set: the developments to store, and what a 7-day digest must find among them.</summary>
/// <param name="Developments">Every development, built with <see cref="DevelopmentBuilder.Build"/>.</param>
/// <param name="Articles">Articles in all the developments.</param>
/// <param name="WindowDevelopments">Developments last updated in the 7 days before <paramref name="Now"/>.</param>
/// <param name="WindowArticles">Articles of those developments.</param>
/// <param name="Now">The time the data set was made for.</param>
internal sealed record DigestDataSet(IReadOnlyList<Development> Developments, int Articles, int WindowDevelopments, int WindowArticles, DateTimeOffset Now);

/// <summary>
/// Makes realistic stored developments of one topic, reproducibly (a fixed seed; only the times move
/// with <c>now</c>): 300 developments of 5 to 80 articles, 10,000 articles in all, Arabic and English,
/// over the last 30 days, a third of them updated in the last 7. No development's last update lies
/// near the 7-day edge, so the window holds the same developments for the whole run.
/// </summary>
internal static class DigestData
{
    public const string Topic = "detainee-transfers";
    public const int DevelopmentCount = 300;
    public const int ArticleCount = 10_000;
    public const int WindowDevelopmentCount = 100;
    public const int WindowDays = 7;
    public const int SpanDays = 30;
    private const int MinSize = 5;
    private const int MaxSize = 80;
    private const int Seed = 20_260_201;

    private static readonly (string Id, string Name, string Language, string Host)[] Sources =
    [
        ("shafaq-ar", "Shafaq News", "ar", "shafaq.com"),
        ("aawsat-ar", "Asharq Al-Awsat", "ar", "aawsat.com"),
        ("ina-ar", "Iraqi News Agency", "ar", "ina.iq"),
        ("enabbaladi-ar", "Enab Baladi", "ar", "www.enabbaladi.net"),
        ("aljazeera-ar", "Al Jazeera", "ar", "www.aljazeera.net"),
        ("alsumaria-ar", "Alsumaria", "ar", "www.alsumaria.tv"),
        ("rudaw-en", "Rudaw", "en", "www.rudaw.net"),
        ("kurdistan24-en", "Kurdistan24", "en", "www.kurdistan24.net"),
        ("npa-en", "North Press Agency", "en", "npasyria.com"),
        ("thenational-en", "The National", "en", "www.thenationalnews.com"),
        ("reuters-en", "Reuters", "en", "www.reuters.com"),
        ("afp-en", "AFP", "en", "www.afp.com"),
    ];

    private static readonly string[] Types = ["transfer", "repatriation", "facility_handover", "plan_or_agreement", "statement"];

    /// <summary>Where detainees are held (the "from" places) and where they go.</summary>
    private static readonly string[] FromPlaces = ["hasakah", "al-hol", "roj", "ghwayran", "qamishli", "deir-ez-zor", "raqqa"];

    private static readonly string[] ToPlaces = ["baghdad", "nineveh", "anbar", "hilla", "kirkuk", "erbil", "iraq"];

    private static readonly string[] Actors = ["centcom", "sdf", "iraqi-government", "global-coalition", "us-military", "us-government", "counter-terrorism-service", "security-media-cell", "syrian-government"];

    private static readonly Dictionary<string, (string En, string Ar)> Names = new(StringComparer.Ordinal)
    {
        ["hasakah"] = ("Hasakah", "الحسكة"),
        ["al-hol"] = ("al-Hol", "الهول"),
        ["roj"] = ("Roj", "روج"),
        ["ghwayran"] = ("Ghwayran", "غويران"),
        ["qamishli"] = ("Qamishli", "القامشلي"),
        ["deir-ez-zor"] = ("Deir ez-Zor", "دير الزور"),
        ["raqqa"] = ("Raqqa", "الرقة"),
        ["baghdad"] = ("Baghdad", "بغداد"),
        ["nineveh"] = ("Nineveh", "نينوى"),
        ["anbar"] = ("Anbar", "الأنبار"),
        ["hilla"] = ("Hilla", "الحلة"),
        ["kirkuk"] = ("Kirkuk", "كركوك"),
        ["erbil"] = ("Erbil", "أربيل"),
        ["iraq"] = ("Iraq", "العراق"),
        ["centcom"] = ("CENTCOM", "القيادة المركزية الأمريكية"),
        ["sdf"] = ("The SDF", "قوات سوريا الديمقراطية"),
        ["iraqi-government"] = ("The Iraqi government", "الحكومة العراقية"),
        ["global-coalition"] = ("The Global Coalition", "التحالف الدولي"),
        ["us-military"] = ("The US military", "الجيش الأمريكي"),
        ["us-government"] = ("The State Department", "الخارجية الأمريكية"),
        ["counter-terrorism-service"] = ("Iraq's Counter-Terrorism Service", "جهاز مكافحة الإرهاب"),
        ["security-media-cell"] = ("The Security Media Cell", "خلية الإعلام الأمني"),
        ["syrian-government"] = ("The Syrian government", "الحكومة السورية"),
    };

    // {n} detainees, {f} families, {p} the place they leave, {t} where they go, {a} an actor.
    private static readonly Dictionary<string, string[]> EnglishTitles = new(StringComparer.Ordinal)
    {
        ["transfer"] =
        [
            "Iraq receives {n} ISIS detainees transferred from {p} prisons in north-east Syria",
            "New batch of {n} ISIS suspects flown from {p} to {t}, security sources say",
            "{a} confirms transfer of {n} detainees from {p} to Iraqi custody",
        ],
        ["repatriation"] =
        [
            "{f} Iraqi families repatriated from the {p} camp arrive at a rehabilitation centre in {t}",
            "Iraq brings home {f} more families from {p} as repatriation convoys resume",
        ],
        ["facility_handover"] =
        [
            "SDF hands over {p} detention facility to an Iraqi-run administration under coalition watch",
            "Handover of the {p} prison completed, {a} says in a statement",
        ],
        ["plan_or_agreement"] =
        [
            "Baghdad and the SDF agree a timetable to move up to {n} detainees out of {p}",
            "Iraqi government plans to receive the remaining {n} ISIS detainees held in {p} by summer",
        ],
        ["statement"] =
        [
            "{a} welcomes the transfer of ISIS detainees from {p} and urges more repatriations",
            "UN experts warn over conditions of detainees moved from {p} to prisons in {t}",
        ],
    };

    private static readonly Dictionary<string, string[]> ArabicTitles = new(StringComparer.Ordinal)
    {
        ["transfer"] =
        [
            "العراق يتسلم {n} من معتقلي داعش نقلوا من سجون {p} في شمال شرق سوريا",
            "وصول دفعة جديدة من {n} معتقلا من {p} إلى {t} بحسب مصادر أمنية عراقية",
            "{a} تؤكد نقل {n} معتقلا من {p} إلى عهدة السلطات العراقية",
        ],
        ["repatriation"] =
        [
            "عودة {f} عائلة عراقية من مخيم {p} إلى مركز إعادة التأهيل في {t}",
            "العراق يستعيد {f} عائلة جديدة من {p} مع استئناف قوافل الإعادة",
        ],
        ["facility_handover"] =
        [
            "قسد تسلم منشأة الاحتجاز في {p} إلى إدارة عراقية بإشراف التحالف الدولي",
            "اكتمال تسليم سجن {p} وفق بيان صادر عن {a}",
        ],
        ["plan_or_agreement"] =
        [
            "بغداد وقسد تتفقان على جدول زمني لنقل ما يصل إلى {n} معتقل من {p}",
            "الحكومة العراقية تخطط لتسلم من تبقى من معتقلي داعش في {p} وعددهم {n} قبل الصيف",
        ],
        ["statement"] =
        [
            "{a} ترحب بنقل معتقلي داعش من {p} وتدعو إلى مزيد من عمليات الإعادة",
            "خبراء أمميون يحذرون من ظروف المعتقلين المنقولين من {p} إلى السجون في {t}",
        ],
    };

    private static readonly Dictionary<string, string> EnglishSummaries = new(StringComparer.Ordinal)
    {
        ["transfer"] = "Security officials said {n} detainees held in {p} were flown to {t} on {d} and handed to the Iraqi judiciary for investigation.",
        ["repatriation"] = "The Ministry of Migration said {f} families from the {p} camp reached {t} on {d} and would stay at the centre before returning to their areas.",
        ["facility_handover"] = "{a} said the facility in {p} was handed over on {d} after the last detainees there were moved to {t}.",
        ["plan_or_agreement"] = "Officials said on {d} that up to {n} detainees would be moved from {p} to {t} in stages under the agreement.",
        ["statement"] = "{a} said on {d} that the transfers from {p} to {t} must respect the detainees' rights and be followed by trials.",
    };

    private static readonly Dictionary<string, string> ArabicSummaries = new(StringComparer.Ordinal)
    {
        ["transfer"] = "قال مسؤولون أمنيون إن {n} معتقلا كانوا محتجزين في {p} نقلوا جوا إلى {t} يوم {d} وسلموا إلى القضاء العراقي للتحقيق معهم.",
        ["repatriation"] = "قالت وزارة الهجرة إن {f} عائلة من مخيم {p} وصلت إلى {t} يوم {d} وستبقى في المركز قبل عودتها إلى مناطقها.",
        ["facility_handover"] = "قالت {a} إن المنشأة في {p} سلمت يوم {d} بعد نقل آخر المعتقلين فيها إلى {t}.",
        ["plan_or_agreement"] = "قال مسؤولون يوم {d} إن ما يصل إلى {n} معتقل سينقلون من {p} إلى {t} على مراحل بموجب الاتفاق.",
        ["statement"] = "قالت {a} يوم {d} إن عمليات النقل من {p} إلى {t} يجب أن تحترم حقوق المعتقلين وأن تتبعها محاكمات.",
    };

    private static readonly string[] Qualifiers = ["exact", "exact", "approx", "at_least"];

    /// <summary>Makes the data set for a run that starts at <paramref name="now"/>.</summary>
    public static DigestDataSet Create(DateTimeOffset now)
    {
        var random = new Random(Seed);
        var sizes = Sizes(random);
        var inWindow = new bool[DevelopmentCount];
        foreach (var index in Enumerable.Range(0, DevelopmentCount).OrderBy(_ => random.Next()).Take(WindowDevelopmentCount))
        {
            inWindow[index] = true;
        }

        var developments = new List<Development>(DevelopmentCount);
        var windowArticles = 0;
        for (var i = 0; i < DevelopmentCount; i++)
        {
            // Last update 1 hour to 6.5 days ago in the window, 7.5 to 28 days ago outside it: never
            // near the edge, which moves with every request. Spans of 6 hours to 4 days, all within 30 days.
            var age = inWindow[i]
                ? TimeSpan.FromHours(1 + (random.NextDouble() * ((6.5 * 24) - 1)))
                : TimeSpan.FromDays(7.5 + (random.NextDouble() * 20.5));
            var lastUpdated = now - age;
            var span = TimeSpan.FromHours(Math.Min(6 + (random.NextDouble() * 90), ((SpanDays * 24) - age.TotalHours) * 0.95));
            var articles = Articles(random, i, sizes[i], lastUpdated - span, lastUpdated);
            var founder = articles.MinBy(a => a.Published)!;
            developments.Add(DevelopmentBuilder.Build(DevelopmentIds.For(founder), articles));
            if (inWindow[i])
            {
                windowArticles += sizes[i];
            }
        }

        return new DigestDataSet(developments, ArticleCount, WindowDevelopmentCount, windowArticles, now);
    }

    /// <summary>Sizes from 5 to 80, most developments small and a few large, summing to exactly 10,000.</summary>
    private static int[] Sizes(Random random)
    {
        var sizes = new int[DevelopmentCount];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = MinSize + (int)Math.Round((MaxSize - MinSize) * Math.Pow(random.NextDouble(), 1.65));
        }

        var excess = sizes.Sum() - ArticleCount;
        while (excess != 0)
        {
            var i = random.Next(sizes.Length);
            var step = Math.Sign(excess);
            if (sizes[i] - step is >= MinSize and <= MaxSize)
            {
                sizes[i] -= step;
                excess -= step;
            }
        }

        return sizes;
    }

    private static List<DevelopmentArticle> Articles(Random random, int index, int count, DateTimeOffset first, DateTimeOffset last)
    {
        // What the development is about: its type, places, actors and figures; its articles vary around them.
        var type = Types[random.Next(Types.Length)];
        var from = FromPlaces[random.Next(FromPlaces.Length)];
        var to = ToPlaces[random.Next(ToPlaces.Length)];
        var actors = Actors.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToArray();
        var detainees = (long)(50 + (random.Next(2, 60) * 25));
        var families = (long)(20 + random.Next(0, 300));
        var ceiling = (long)(random.Next(2, 8) * 1000);
        var span = last - first;

        var articles = new List<DevelopmentArticle>(count);
        for (var n = 0; n < count; n++)
        {
            var published = n == 0 ? first : n == count - 1 ? last : first + (span * random.NextDouble());
            published = new DateTimeOffset(published.UtcTicks - (published.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var source = Sources[random.Next(Sources.Length)];
            var arabic = source.Language == "ar";
            var articleType = random.NextDouble() < 0.8 ? type : Types[random.Next(Types.Length)];

            // A few sources give a slightly different count: the digest shows the disagreement.
            var told = random.NextDouble() < 0.1 ? detainees + (25 * random.Next(1, 4)) : detainees;
            var figures = new List<StatedFigure>
            {
                Figure(told, Qualifiers[random.Next(Qualifiers.Length)], "detainees", arabic),
            };
            if (random.NextDouble() < 0.5)
            {
                figures.Add(Figure(families, "exact", "families", arabic));
            }

            if (random.NextDouble() < 0.25)
            {
                figures.Add(Figure(ceiling, "up_to", "detainees", arabic));
            }

            var actor = actors[random.Next(actors.Length)];
            var fill = Fill(arabic, told, families, from, to, actor, published);
            var titles = (arabic ? ArabicTitles : EnglishTitles)[articleType];
            var title = Fit(fill(titles[random.Next(titles.Length)]), arabic ? " - " + source.Name : " – " + source.Name);
            var summary = fill((arabic ? ArabicSummaries : EnglishSummaries)[articleType]);
            var url = string.Create(CultureInfo.InvariantCulture, $"https://{source.Host}/{source.Language}/news/{published:yyyy/MM/dd}/detainees-{index:D3}-{n:D3}");
            articles.Add(new DevelopmentArticle(
                TableKeys.Hash(url),
                title,
                url,
                source.Id,
                source.Name,
                source.Language,
                published,
                Math.Round(0.5 + (random.NextDouble() * 0.5), 3))
            {
                Summary = summary,
                Type = articleType,
                Figures = figures,
                Places = random.NextDouble() < 0.7 ? [from, to] : random.NextDouble() < 0.5 ? [from, to, "north-east-syria"] : [from],
                Actors = actors.Length > 1 && random.NextDouble() < 0.5 ? [actor, actors[0] == actor ? actors[1] : actors[0]] : [actor],
            });
        }

        return articles;
    }

    private static StatedFigure Figure(long value, string qualifier, string what, bool arabic)
    {
        var number = value.ToString("N0", CultureInfo.InvariantCulture);
        var text = arabic
            ? (what == "families" ? $"{value} عائلة" : qualifier == "up_to" ? $"ما يصل إلى {value} معتقل" : $"{value} معتقلا")
            : (qualifier switch { "up_to" => "up to ", "approx" => "about ", "at_least" => "at least ", _ => "" }) + number + " " + what;
        return new StatedFigure(value, qualifier, what, text);
    }

    private static Func<string, string> Fill(bool arabic, long detainees, long families, string from, string to, string actor, DateTimeOffset when)
    {
        string Name(string id) => arabic ? Names[id].Ar : Names[id].En;
        var date = when.ToString(arabic ? "d/M/yyyy" : "d MMMM", CultureInfo.InvariantCulture);
        return template => template
            .Replace("{n}", detainees.ToString(arabic ? "0" : "N0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{f}", families.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{p}", Name(from), StringComparison.Ordinal)
            .Replace("{t}", Name(to), StringComparison.Ordinal)
            .Replace("{a}", Name(actor), StringComparison.Ordinal)
            .Replace("{d}", date, StringComparison.Ordinal);
    }

    /// <summary>A title of 60 to 120 characters: the outlet's name added to a short one, a long one cut at a word.</summary>
    private static string Fit(string title, string suffix)
    {
        if (title.Length < 60)
        {
            title += suffix;
        }

        while (title.Length < 60)
        {
            title += " (update)";
        }

        if (title.Length > 120)
        {
            var cut = title.LastIndexOf(' ', 119);
            title = title[..cut] + "…";
        }

        return title;
    }
}
