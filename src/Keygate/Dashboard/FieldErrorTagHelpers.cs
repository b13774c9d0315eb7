using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Keygate.Dashboard;

/// <summary>
/// Ties a field's error to the field for screen readers: the input is marked <c>aria-invalid</c> and described by the
/// message beside it, so moving into the field reads the error out. The built-in tag helpers only colour it.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            var described = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} " : "";
            output.Attributes.SetAttribute("aria-describedby", described + FieldErrorIds.Of(For.Name));
        }
    }
}

/// <summary>Gives each field's error message the id its field points to.</summary>
[HtmlTargetElement("span", Attributes = ForAttribute)]
public sealed class FieldErrorIdTagHelper : TagHelper
{
    private const string ForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        output.Attributes.SetAttribute("id", FieldErrorIds.Of(For.Name));
}

internal static class FieldErrorIds
{
    public static string Of(string fieldName) => TagBuilder.CreateSanitizedId(fieldName + "-error", "_");
}
