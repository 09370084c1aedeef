using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class NormalisationTests
{
    [TestMethod]
    [DataRow("المُحْتَجَزِينَ", "المحتجزين")]
    [DataRow("نفَّذت", "نفذت")]
    [DataRow("تسلَّم", "تسلم")]
    public void Diacritics_are_removed(string written, string folded) =>
        Assert.AreEqual(folded, MatchText.FoldString(written));

    [TestMethod]
    public void Tatweel_is_removed() =>
        Assert.AreEqual("العراق", MatchText.FoldString("العـــراق"));

    [TestMethod]
    [DataRow("أسرى", "اسري")]
    [DataRow("إرهابي", "ارهابي")]
    [DataRow("آلاف", "الاف")]
    [DataRow("ٱلله", "الله")]
    public void Alef_forms_become_plain_alef(string written, string folded) =>
        Assert.AreEqual(folded, MatchText.FoldString(written));

    [TestMethod]
    [DataRow("مسؤول", "مسئول")]
    [DataRow("هيئة", "هيءة")]
    public void Hamza_on_a_seat_is_one_letter(string a, string b) =>
        Assert.AreEqual(MatchText.FoldString(a), MatchText.FoldString(b));

    [TestMethod]
    public void Alef_maqsura_and_persian_yeh_become_yaa()
    {
        Assert.AreEqual("الي", MatchText.FoldString("إلى"));
        Assert.AreEqual(MatchText.FoldString("على"), MatchText.FoldString("علی"));
    }

    [TestMethod]
    public void Taa_marbuta_becomes_haa() =>
        Assert.AreEqual(MatchText.FoldString("الحسكه"), MatchText.FoldString("الحسكة"));

    [TestMethod]
    [DataRow("٠١٢٣٤٥٦٧٨٩")]
    [DataRow("۰۱۲۳۴۵۶۷۸۹")]
    [DataRow("0123456789")]
    public void Every_digit_set_becomes_ascii(string digits) =>
        Assert.AreEqual("0123456789", MatchText.FoldString(digits));

    [TestMethod]
    public void Latin_letters_are_lower_cased() =>
        Assert.AreEqual("centcom moved isis detainees", MatchText.FoldString("CENTCOM Moved ISIS Detainees"));

    [TestMethod]
    public void Tokens_keep_their_offsets_in_the_original_text()
    {
        const string original = "نقلت «سنتكوم» المُحتجَزين إلى العـراق";
        var text = MatchText.Of(original);

        var words = text.Tokens.Select(t => original[t.Start..t.End]).ToArray();

        CollectionAssert.AreEqual(new[] { "نقلت", "سنتكوم", "المُحتجَزين", "إلى", "العـراق" }, words);
        CollectionAssert.AreEqual(new[] { "نقلت", "سنتكوم", "المحتجزين", "الي", "العراق" }, text.Tokens.Select(t => t.Text).ToArray());
    }
}

[TestClass]
public sealed class StemmerTests
{
    private static string[] Readings(string word)
    {
        var forms = new List<string>();
        Stemmer.AddArabicReadings(MatchText.FoldString(word), forms);
        return [.. forms];
    }

    [TestMethod]
    [DataRow("والمحتجزين", "المحتجزين")]
    [DataRow("فالمحتجزين", "المحتجزين")]
    [DataRow("بالحسكة", "الحسكه")]
    [DataRow("كالمعتاد", "المعتاد")]
    [DataRow("للمحتجزين", "المحتجزين")]
    [DataRow("والمحتجزين", "محتجزين")]
    [DataRow("بسجون", "سجون")]
    [DataRow("لسجناء", "سجناء")]
    public void Arabic_words_are_read_without_their_attached_prefixes(string written, string reading) =>
        CollectionAssert.Contains(Readings(written), MatchText.FoldString(reading));

    [TestMethod]
    [DataRow("وعائلاتهم", "عائلات")]
    [DataRow("المحتجزين", "محتجز")]
    [DataRow("المعتقلون", "معتقل")]
    [DataRow("مخيمات", "مخيم")]
    [DataRow("نقلهم", "نقل")]
    [DataRow("سجونها", "سجون")]
    public void Arabic_words_are_read_without_their_suffixes(string written, string reading) =>
        CollectionAssert.Contains(Readings(written), MatchText.FoldString(reading));

    [TestMethod]
    public void An_arabic_stem_keeps_at_least_three_letters()
    {
        Assert.AreEqual("سجين", Stemmer.Arabic("سجين"));
        Assert.AreEqual("غزه", Stemmer.Arabic("غزه"));
        Assert.AreEqual("محتجز", Stemmer.Arabic("والمحتجزين"));
    }

    [TestMethod]
    public void A_nisba_adjective_is_not_read_as_the_place_it_comes_from() =>
        CollectionAssert.DoesNotContain(Readings("العراقية"), "العراق");

    [TestMethod]
    [DataRow("detainees", "detainee")]
    [DataRow("transferred", "transfer")]
    [DataRow("transferring", "transfer")]
    [DataRow("moving", "move")]
    [DataRow("moved", "move")]
    [DataRow("repatriated", "repatriate")]
    [DataRow("families", "famili")]
    [DataRow("prisoners", "prisoner")]
    [DataRow("isis", "isis")]
    [DataRow("hasakah", "hasakah")]
    public void English_words_are_stemmed(string word, string stem) =>
        Assert.AreEqual(stem, Stemmer.English(word));

    [TestMethod]
    public void A_term_written_as_a_stem_matches_every_inflected_form_in_both_languages()
    {
        var topic = TopicProfile.Parse("""
            {
              "id": "stems", "name": "Stems",
              "terms": [
                { "role": "action", "weight": 3, "en": [ "relocate" ], "ar": [ "نقل" ] },
                { "role": "subject", "weight": 3, "en": [ "inmate" ], "ar": [ "محتجز" ] }
              ]
            }
            """, "stems.json");
        var classifier = new ArticleClassifier(new TopicCatalog([topic]));

        Assert.IsTrue(classifier.Classify(null, "The inmates were relocated on Monday.").Topics[0].Relevant);
        Assert.IsTrue(classifier.Classify(null, "وجرى نقلهم مع المحتجزين أمس.").Topics[0].Relevant);
        Assert.IsFalse(classifier.Classify(null, "The inmates stayed where they were.").Topics[0].Relevant);
    }
}
