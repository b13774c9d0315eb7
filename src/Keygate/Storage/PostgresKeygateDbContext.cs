using Microsoft.EntityFrameworkCore;

namespace Keygate.Storage;

/// <summary>
/// The same schema on PostgreSQL. A type of its own because Entity Framework keeps migrations per context type:
/// PostgreSQL's are in <c>Migrations/PostgreSql</c>, while SQLite's stay with <see cref="KeygateDbContext"/>, unchanged for
/// the databases they created. Every service asks for <see cref="KeygateDbContext"/> and gets this one on PostgreSQL.
/// </summary>
internal sealed class PostgresKeygateDbContext(DbContextOptions<PostgresKeygateDbContext> options) : KeygateDbContext(options);
