using System.Text.Json;
using FsCheck.Xunit;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.Providers;

namespace Keygate.Tests.WhatsApp.CloudApi;

/// <summary>
/// The parsers of the Cloud API surface survive any JSON: a client's message body, and Meta's error answers. Each
/// property runs a fixed number of small cases (a few seconds in all), so it is bounded in time in every run.
/// </summary>
public sealed class CloudApiParserProperties
{
    [Property(MaxTest = 3000, EndSize = 40, Arbitrary = [typeof(HostileJson)])]
    public void MessageParser_OnAnyJson_AnswersOrRejects_NeverThrows(JsonText body)
    {
        // What the framework would refuse before the parser runs (not JSON, nested past its limit) never reaches it.
        if (Load(body.Text) is not { } document)
        {
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            _ = MessageParser.IsMarkAsRead(root);
            var (message, rejection) = MessageParser.Parse(root);
            Assert.True((message is null) != (rejection is null), body.Text);
        }
    }

    [Property(MaxTest = 3000, EndSize = 40, Arbitrary = [typeof(HostileJson)])]
    public void MessageParser_ReadingForMeta_OnAnyJson_RefusesOnlyANonObject_NeverThrows(JsonText body)
    {
        if (Load(body.Text) is not { } document)
        {
            return;
        }
        using (document)
        {
            var (message, rejection) = MessageParser.ReadForMeta(document.RootElement);
            Assert.Equal(document.RootElement.ValueKind != JsonValueKind.Object, rejection is not null);
            Assert.True((message is null) != (rejection is null), body.Text);
        }
    }

    [Property(MaxTest = 3000, EndSize = 40, Arbitrary = [typeof(HostileJson)])]
    public void MetaErrorReader_OnAnyAnswer_NeverThrows(JsonText answer)
    {
        _ = MetaCloudClient.ErrorCodeOf(answer.Text);
        _ = MetaCloudClient.ErrorCodeOf(answer.Text[..(answer.Text.Length / 2)]); // a body cut short
    }

    [Theory]
    [InlineData("""{"error":{"code":130429}}""", 130429)]
    [InlineData("""{"error":"Rate limit hit"}""", null)]
    [InlineData("""{"error":{"code":"130429"}}""", null)]
    [InlineData("""{"error":{"code":1e400}}""", null)]
    [InlineData("""{"error":{"code":99999999999}}""", null)]
    [InlineData("""{"error":[1]}""", null)]
    [InlineData("""["error"]""", null)]
    [InlineData("<html>Bad gateway</html>", null)]
    [InlineData("", null)]
    public void MetaErrorReader_ReadsACodeOnlyFromAnErrorObject(string answer, int? code) =>
        Assert.Equal(code, MetaCloudClient.ErrorCodeOf(answer));

    [Theory]
    [InlineData("""{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":"x","longitude":1}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":1e400,"longitude":1}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"15550001111","type":7,"text":{"body":"x"}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[1]}}}""")]
    [InlineData("""{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"list","body":{"text":"b"},"action":{"button":"b","sections":["s"]}}}""")]
    public void MessageParser_WrongTypesWhereObjectsOrNumbersBelong_AreRejections(string body)
    {
        using var document = JsonDocument.Parse(body);
        var (message, rejection) = MessageParser.Parse(document.RootElement);
        Assert.Null(message);
        Assert.NotNull(rejection);
    }

    [Fact]
    public void MessageParser_IgnoresTopLevelFieldsItDoesNotKnow_AsMetaDoes()
    {
        using var document = JsonDocument.Parse("""{"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"hi"},"biz_opaque_callback_data":"c-1","a_new_meta_field":{"x":1}}""");
        var (message, rejection) = MessageParser.Parse(document.RootElement);
        Assert.Null(rejection);
        Assert.Equal("text", message!.Type);
    }

    [Fact]
    public void MessageParser_OnTheSandbox_RefusesAGroupRecipient_WhichOnlyMetaHas()
    {
        using var document = JsonDocument.Parse("""{"messaging_product":"whatsapp","recipient_type":"group","to":"Y2FwaV9ncm91cDox","type":"text","text":{"body":"hi"}}""");
        Assert.Equal(100, MessageParser.Parse(document.RootElement).Rejection!.MetaCode);
        var (forMeta, refused) = MessageParser.ReadForMeta(document.RootElement);
        Assert.Null(refused);
        Assert.Equal("Y2FwaV9ncm91cDox", forMeta!.WaId);
    }

    [Theory]
    [InlineData("\"37.4847\"", "\"-122.1486\"")]
    [InlineData("37.4847", "-122.1486")]
    public void MessageParser_Location_TakesCoordinatesAsMetaWritesThem(string latitude, string longitude)
    {
        using var document = JsonDocument.Parse($$$"""{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":{{{latitude}}},"longitude":{{{longitude}}}}}""");
        var (message, rejection) = MessageParser.Parse(document.RootElement);
        Assert.Null(rejection);
        Assert.Equal("location", message!.Type);
    }

    private static JsonDocument? Load(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
