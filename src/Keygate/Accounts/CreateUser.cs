using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>
/// <c>POST /v1/users</c>: an invitation is a new user with a one-time password, returned by this response only;
/// the new user must change it at first login.
/// </summary>
internal static class CreateUser
{
    public static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> HandleAsync(
        CreateUserRequest request, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        var caller = Caller.From(http.User);
        var actor = await UserAccess.ManagerAsync(db, caller, cancellationToken);
        if (actor is null)
        {
            return UserAccess.NotManager();
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
            return Problems.Invalid(errors.ToDictionary());
        }
        if (UserRules.RefuseCreate(actor, role) is { } refused)
        {
            return refused;
        }
        // Only this account's users count: another account's login with the e-mail is the same person's other login,
        // and the invitation succeeds as for a fresh e-mail, so that nothing here tells of other accounts.
        if (await UserAccess.EmailTakenAsync(db, caller.AccountId, email!, cancellationToken))
        {
            return UserAccess.EmailConflict();
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
            await audit.SaveWithAuditAsync(db, UserChanges.Entry(http, AuditEventType.UserCreated, null, user), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A racing create in this account took the e-mail between the check above and this insert.
            if (await UserAccess.EmailTakenAsync(db, user.AccountId, user.Email, CancellationToken.None))
            {
                return UserAccess.EmailConflict();
            }
            throw;
        }
        var created = user.ToResponse();
        return TypedResults.Created($"/v1/users/{user.Id}", new CreatedUserResponse(created.Id, created.Email, created.Role, created.Status,
            created.IsOperator, created.MustChangePassword, created.DisabledAt, created.CreatedAt, password));
    }
}
