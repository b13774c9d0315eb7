using Keygate.WhatsApp.PassThrough;

namespace Keygate.Tests.WhatsApp.PassThrough;

public sealed class GraphFieldsTests
{
    [Fact]
    public void NamesAreReadAtTheTopLevelOnly_WithTheirNestedLists()
    {
        var read = GraphFields.Read("id, message_templates.limit(5){name,components{type}},phone_numbers{id},name");

        Assert.Equal([("id", ""), ("message_templates", "name,components{type}"), ("phone_numbers", "id"), ("name", "")], read);
    }

    [Fact]
    public void AnUnclosedBrace_KeepsEverythingAfterItNested()
    {
        Assert.Equal([("phone_numbers", "id,block_users")], GraphFields.Read("phone_numbers{id,block_users"));
    }

    [Fact]
    public void GraphsOlderFieldsModifier_NestsLikeBraces()
    {
        Assert.Equal([("phone_numbers", "id,block_users"), ("name", "")], GraphFields.Read("phone_numbers.fields(id,block_users).limit(2),name"));
    }

    [Fact]
    public void EmptyNamesAreSkipped()
    {
        Assert.Equal([("flows", "")], GraphFields.Read(",, flows ,"));
    }

    [Theory]
    [InlineData("id,message_templates{name}", "templates")]
    [InlineData("phone_numbers{id,block_users}", "business account numbers,block users")]
    [InlineData("id,name", "")]
    public void TheEdgesAFieldsListReadsOnAWaba_AreThoseItNames_NestedOnesIncluded(string fields, string families)
    {
        var reached = GraphFamilies.ExpandedBy(GraphObjectKind.Waba, fields).Select(f => f.Name);

        Assert.Equal(families, string.Join(',', reached));
    }
}
