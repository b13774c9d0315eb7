using Keygate.Accounts;
using Keygate.Http;

namespace Keygate.Tests.Accounts;

public sealed class UserRulesTests
{
    private static readonly DateTime Then = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AnAdmin_CannotInviteAnOwner_ButAnOwnerCan()
    {
        Assert.Equal(403, RefusalOf(UserRules.RefuseCreate(UserOf(UserRole.Admin), UserRole.Owner)));
        Assert.Null(UserRules.RefuseCreate(UserOf(UserRole.Admin), UserRole.Admin));
        Assert.Null(UserRules.RefuseCreate(UserOf(UserRole.Owner), UserRole.Owner));
    }

    [Theory]
    [InlineData("Owner", "Viewer", true)]
    [InlineData("Owner", "Owner", false)]
    [InlineData("Developer", "Owner", true)]
    public void AnAdmin_CannotTouchAnOwner_NorMakeOne(string targetRole, string role, bool active)
    {
        var refused = UserRules.RefuseChange(UserOf(UserRole.Admin), UserOf(Enum.Parse<UserRole>(targetRole)), Enum.Parse<UserRole>(role), active, activeOwners: 3);
        Assert.Equal(403, RefusalOf(refused));
    }

    [Fact]
    public void AnAdmin_ChangesAndDisablesDevelopersAndOtherAdmins()
    {
        var admin = UserOf(UserRole.Admin);
        Assert.Null(UserRules.RefuseChange(admin, UserOf(UserRole.Developer), UserRole.Viewer, active: true, activeOwners: 1));
        Assert.Null(UserRules.RefuseChange(admin, UserOf(UserRole.Admin), UserRole.Admin, active: false, activeOwners: 1));
    }

    [Fact]
    public void NobodyDemotesOrDisablesThemselves_ButAskingForWhatIsSoIsFine()
    {
        var owner = UserOf(UserRole.Owner);
        Assert.Equal(403, RefusalOf(UserRules.RefuseChange(owner, owner, UserRole.Admin, active: true, activeOwners: 2)));
        Assert.Equal(403, RefusalOf(UserRules.RefuseChange(owner, owner, UserRole.Owner, active: false, activeOwners: 2)));
        Assert.Null(UserRules.RefuseChange(owner, owner, UserRole.Owner, active: true, activeOwners: 2));
    }

    [Fact]
    public void TheLastActiveOwner_IsNeitherDemotedNorDisabled()
    {
        var actor = UserOf(UserRole.Owner);
        var last = UserOf(UserRole.Owner);
        Assert.Equal(409, RefusalOf(UserRules.RefuseChange(actor, last, UserRole.Admin, active: true, activeOwners: 1)));
        Assert.Equal(409, RefusalOf(UserRules.RefuseChange(actor, last, UserRole.Owner, active: false, activeOwners: 1)));
        Assert.Null(UserRules.RefuseChange(actor, last, UserRole.Admin, active: true, activeOwners: 2));
    }

    [Fact]
    public void ADisabledOwner_CountsForNothing_SoChangingItLeavesTheActiveOwnersAlone()
    {
        var disabled = UserOf(UserRole.Owner);
        disabled.DisabledAt = Then;
        Assert.Null(UserRules.RefuseChange(UserOf(UserRole.Owner), disabled, UserRole.Viewer, active: false, activeOwners: 1));
    }

    [Theory]
    [InlineData("owner", "Owner")]
    [InlineData("viewer", "Viewer")]
    public void Roles_ParseTheirApiNames(string name, string role)
    {
        Assert.True(Roles.TryParse(name, out var parsed));
        Assert.Equal(Enum.Parse<UserRole>(role), parsed);
    }

    [Theory]
    [InlineData("Owner")]
    [InlineData("root")]
    [InlineData("")]
    [InlineData(null)]
    public void Roles_RefuseAnythingElse(string? name) => Assert.False(Roles.TryParse(name, out _));

    private static User UserOf(UserRole role) => new()
    {
        Id = "usr_" + Guid.NewGuid().ToString("N"),
        AccountId = "acc_test",
        Email = "someone@example.test",
        PasswordHash = "unused",
        Role = role,
        CreatedAt = Then,
    };

    private static int? RefusalOf(Refusal? refusal) => refusal is null ? null : ((Outcome<User>)refusal).ToProblem().StatusCode;
}
