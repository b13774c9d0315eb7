using Keygate.Accounts;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Keygate.Dashboard;

/// <summary>Where an API field error (path and message) goes on a form: the form field's name, and the message as shown there.</summary>
internal delegate (string Field, string Message) FieldMapper(string path, string message);

/// <summary>
/// What every dashboard page shares. Pages do their work through the same lifecycle services as the <c>/v1</c>
/// endpoints (the same validation, escalation rules, audit entries and cache invalidation), then show the
/// outcome: a value, or a refusal whose field errors land beside the form fields they concern.
/// </summary>
internal abstract class DashboardPage : PageModel
{
    /// <summary>A one-line confirmation carried over a redirect ("Key revoked.").</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>A refusal carried over a redirect (a status change the API would not make).</summary>
    [TempData]
    public string? Refusal { get; set; }

    /// <summary>The page-level error: a problem that belongs to no one field.</summary>
    public string? Error { get; set; }

    protected Caller Caller => Caller.From(User);

    /// <summary>
    /// Whether a person who must first replace a handed-out password may use this page (the password page, logging
    /// out); every other page sends them to change it.
    /// </summary>
    protected virtual bool OpenBeforePasswordChange => false;

    /// <summary>Someone who must first replace a handed-out password is sent to do that.</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!OpenBeforePasswordChange && User.HasClaim(SessionCookie.MustChangePasswordClaim, "true"))
        {
            context.Result = Redirect(DashboardPaths.Password);
            return;
        }
        base.OnPageHandlerExecuting(context);
    }

    public bool Can(Permission permission) => Caller.Holds(permission);

    /// <summary>
    /// True when the service's operation succeeded; otherwise its refusal is shown as the API would answer it (with
    /// <c>Retry-After</c> when it says when to come back).
    /// </summary>
    protected bool Succeeded<T>(Outcome<T> outcome, FieldMapper? formFieldOf = null)
    {
        if (!outcome.Succeeded)
        {
            Show(outcome.ToProblem(Response).ProblemDetails, formFieldOf);
        }
        return outcome.Succeeded;
    }

    /// <summary>
    /// The mapper for a form whose fields each stand for one API field (query parameter or body member), named
    /// by the path's head; an error at any other path belongs to the page.
    /// </summary>
    protected static FieldMapper FieldsNamed(params (string ApiField, string FormField)[] fields) => (path, message) =>
    {
        var head = path.Split('[', '.')[0];
        return (fields.FirstOrDefault(f => f.ApiField == head).FormField ?? "", message);
    };

    /// <summary>
    /// Field errors go to ModelState under the form's field names (<paramref name="formFieldOf"/> maps an API field
    /// path such as <c>ipAllowlist[1]</c>); the rest becomes the page's error.
    /// </summary>
    protected void Show(ProblemDetails problem, FieldMapper? formFieldOf = null)
    {
        if (problem.Extensions.TryGetValue("errors", out var value) && value is IReadOnlyDictionary<string, string[]> errors && formFieldOf is not null)
        {
            ShowFieldErrors(errors, formFieldOf);
            return;
        }
        Error = problem.Detail ?? problem.Title;
    }

    private void ShowFieldErrors(IReadOnlyDictionary<string, string[]> errors, FieldMapper formFieldOf)
    {
        // An error the form has no field for (a field only the API sets) is said at the top, so it is never lost.
        var unplaced = new List<string>();
        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                var (field, shown) = formFieldOf(path, message);
                if (field.Length == 0)
                {
                    unplaced.Add($"{path}: {shown}");
                }
                else
                {
                    ModelState.AddModelError(field, shown);
                }
            }
        }
        Error = unplaced.Count > 0 ? string.Join(" ", unplaced) : "Some fields need attention: see the messages beside them.";
    }
}
