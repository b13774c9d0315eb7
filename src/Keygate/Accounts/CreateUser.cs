using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>
/// An invitation (<c>POST /v1/users</c>, the Users page): a new user with a one-time password, handed out by this
/// outcome only; the new user must change it at first login.
/// </summary>
internal sealed class CreateUser(KeygateDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<CreatedUserResponse>> CreateAsync(Actor actor, CreateUserRequest request, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        var manager = await UserAccess.ManagerAsync(db, caller, cancellationToken);
        if (manager is null)
        {
            return UserAccess.NotManager;
        }
        var errors = new FieldErrors();
        var email = request.Email?.Trim().ToLowerInvariant();
        if (!Emails.IsValid(email))
        {
            errors.Add("email", "Required: an e-mail address of at most 254 characters.");
        }
        if (!Roles.TryParse(request.Role, out var role))
        {
            errors.Add("role", $"Required, one of: {Roles.Choices}.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (UserRules.RefuseCreate(manager, role) is { } refused)
        {
            return refused;
        }
        // Only this account's users count: another account's login with the e-mail is the same person's other login,
        // and the invitation succeeds as for a fresh e-mail, so that nothing here tells of other accounts.
        if (await UserAccess.EmailTakenAsync(db, caller.AccountId, email!, cancellationToken))
        {
            return UserAccess.EmailConflict;
        }

        var password = PasswordHasher.NewOneTimePassword();
        var user = new User
        {
            Id = Ids.New("usr"),
            AccountId = caller.AccountId,
            Email = email!,
            PasswordHash = PasswordHasher.Hash(password, (await UserAccess.SiblingHashesAsync(db, caller.AccountId, email!, cancellationToken)).FirstOrDefault()),
            Role = role,
            MustChangePassword = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        try
        {
            await audit.SaveWithAuditAsync(db, UserAccess.Entry(actor, AuditEventType.UserCreated, null, user), cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // A racing create in this account took the e-mail between the check above and this insert.
            if (await UserAccess.EmailTakenAsync(db, user.AccountId, user.Email, CancellationToken.None))
            {
                return UserAccess.EmailConflict;
            }
            throw;
        }
        var created = user.ToResponse();
        return Outcome.Done(new CreatedUserResponse(created.Id, created.Email, created.Role, created.Status,
            created.IsOperator, created.MustChangePassword, created.DisabledAt, created.CreatedAt, password));
    }
}
