using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Misuse;
using Keygate.Usage;
using Keygate.Webhooks;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PassThrough;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Templates;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Storage;

/// <summary>The schema, and SQLite's context; <see cref="PostgresKeygateDbContext"/> is PostgreSQL's.</summary>
internal class KeygateDbContext : DbContext
{
    public KeygateDbContext(DbContextOptions<KeygateDbContext> options) : base(options)
    {
    }

    protected KeygateDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <summary>Whether this context runs on PostgreSQL: for the few statements whose SQL differs between the two.</summary>
    public bool IsPostgreSql => Database.IsNpgsql();

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<QuotaReservation> QuotaReservations => Set<QuotaReservation>();
    public DbSet<UsageMinute> UsageMinutes => Set<UsageMinute>();
    public DbSet<PricedMessage> PricedMessages => Set<PricedMessage>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<MetaTemplate> MetaTemplates => Set<MetaTemplate>();
    public DbSet<TemplateReading> TemplateReadings => Set<TemplateReading>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MediaObject> MediaObjects => Set<MediaObject>();
    public DbSet<MessageStatusChange> MessageStatusChanges => Set<MessageStatusChange>();
    public DbSet<IdempotentSend> IdempotentSends => Set<IdempotentSend>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditChain> AuditChains => Set<AuditChain>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<GraphObject> GraphObjects => Set<GraphObject>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KeygateDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; SQLite hands DateTime back unmarked, so mark it on the way in (PostgreSQL's timestamptz
        // takes only UTC times, which the conversion guarantees).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
