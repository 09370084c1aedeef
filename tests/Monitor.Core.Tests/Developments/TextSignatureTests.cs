using Monitor.Core.Developments;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class TextSignatureTests
{
    private const string Wire = "A second batch of Islamic State detainees held in Ghweiran prison in Hasakah arrived at Baghdad airport on Tuesday aboard two coalition transport planes, an Iraqi security source said. The batch included 212 detainees, 41 of them foreign nationals, who were received by the Counter-Terrorism Service and the justice ministry before being driven to fortified detention sites in the capital.";

    private const string Rewrite = "A second batch of Islamic State detainees held in Ghweiran prison in Hasakah arrived at Baghdad airport on Tuesday aboard two coalition transport planes, Iraqi security sources said. The batch of 212 detainees, 41 of them foreign nationals, was received by the Counter-Terrorism Service and the justice ministry before being driven to fortified detention sites in the capital, the sources added.";

    [TestMethod]
    public void A_rewritten_wire_story_shares_most_of_its_shingles()
    {
        Assert.IsGreaterThanOrEqualTo(0.5, TextSignature.Of(Wire).Similarity(TextSignature.Of(Rewrite)));
    }

    [TestMethod]
    public void Different_stories_on_the_same_subject_share_few()
    {
        const string other = "France repatriated ten women and 25 children from Roj camp in north-east Syria on Thursday, the foreign ministry in Paris said, the latest return of French nationals held in Kurdish-run camps since the fall of the Islamic State group.";

        Assert.IsLessThan(0.2, TextSignature.Of(Wire).Similarity(TextSignature.Of(other)));
    }

    [TestMethod]
    public void A_signature_survives_storage_and_an_empty_text_is_similar_to_nothing()
    {
        var signature = TextSignature.Of(Wire);

        Assert.AreEqual(signature, TextSignature.FromBase64(signature.ToBase64()));
        Assert.IsNull(TextSignature.FromBase64("not base64!"));
        Assert.AreEqual(0, TextSignature.Of("").Similarity(TextSignature.Of("")));
    }
}
