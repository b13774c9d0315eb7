using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Storage;

/// <summary>
/// Searching text the same way on both stores: SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not, so
/// PostgreSQL is asked with ILIKE. Patterns come from <c>Http.LikePattern</c> and use its escape character.
/// </summary>
internal static class TextSearch
{
    private static readonly Type[] LikeParameters = [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)];
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), LikeParameters)!;
    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike), LikeParameters)!;
    private static readonly MemberExpression Functions = Expression.Property(null, typeof(EF).GetProperty(nameof(EF.Functions))!);

    /// <summary>Rows where any of the columns matches its pattern (a null pattern is left out).</summary>
    public static IQueryable<T> WhereAnyLike<T>(this IQueryable<T> query, KeygateDbContext db, string escape,
        params (Expression<Func<T, string?>> Column, string? Pattern)[] columns)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var like = db.IsPostgreSql ? ILike : Like;
        Expression? any = null;
        foreach (var (column, pattern) in columns)
        {
            if (pattern is null)
            {
                continue;
            }
            var match = Expression.Call(like, Functions, Replace(column, row), Parameter(pattern), Parameter(escape));
            any = any is null ? match : Expression.OrElse(any, match);
        }
        return any is null ? query : query.Where(Expression.Lambda<Func<T, bool>>(any, row));
    }

    private static Expression Replace<T>(Expression<Func<T, string?>> column, ParameterExpression row) =>
        new Rebind(column.Parameters[0], row).Visit(column.Body);

    // A captured value, as a closure would hold it, so that the query sends it as a parameter rather than a literal.
    private static MemberExpression Parameter(string value) =>
        Expression.Property(Expression.Constant(new Captured(value)), nameof(Captured.Value));

    private sealed record Captured(string Value);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
