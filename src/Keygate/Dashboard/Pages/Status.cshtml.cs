using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Keygate.Dashboard.Pages;

/// <summary>The dashboard's HTML answer for an error status (re-executed by the status code pages), keeping the status.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
internal sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    // A re-executed POST (a form refused for its missing antiforgery token) arrives here as a POST.
    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => (Title, Explanation) = code switch
    {
        400 => ("Request refused", "The form could not be accepted. If it was open for a long time, reload the page and submit it again."),
        403 => ("Not allowed", "Your role does not allow this. An owner or admin of the account can change your role."),
        404 => ("Not found", "There is nothing at this address."),
        413 => ("Too large", "What was sent is larger than the dashboard accepts."),
        _ => ("Something went wrong", "The request could not be completed."),
    };
}
