using System.ComponentModel.DataAnnotations;

namespace Keygate.Accounts;

internal sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    [Required, EmailAddress]
    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>When unset, a random password is generated and printed once on first start.</summary>
    [MinLength(PasswordHasher.MinLength, ErrorMessage = "Bootstrap:AdminPassword must be at least {1} characters; leave it unset for a random one.")]
    public string? AdminPassword { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string AccountName { get; set; } = "Default";
}
