using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I10RealNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                table: "WebhookDeliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HealthCheckedAt",
                table: "PhoneNumbers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessagingLimitTier",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameStatus",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityEvent",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QualityRating",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GraphObjects",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    PhoneNumberId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WabaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DownloadUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LearnedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GraphObjects", x => new { x.AccountId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "IdempotentSends",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    Body = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotentSends", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "MetaTemplates",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WabaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Quality = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Components = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetaTemplates", x => new { x.AccountId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "PricedMessages",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PricedMessages", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_PricedMessages_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_SubscriptionId_SourceKey",
                table: "WebhookDeliveries",
                columns: new[] { "SubscriptionId", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotentSends_ExpiresAt",
                table: "IdempotentSends",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_MetaTemplates_AccountId_WabaId_Name_Language",
                table: "MetaTemplates",
                columns: new[] { "AccountId", "WabaId", "Name", "Language" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GraphObjects");

            migrationBuilder.DropTable(
                name: "IdempotentSends");

            migrationBuilder.DropTable(
                name: "MetaTemplates");

            migrationBuilder.DropTable(
                name: "PricedMessages");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_SubscriptionId_SourceKey",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "SourceKey",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "HealthCheckedAt",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "MessagingLimitTier",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "NameStatus",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "QualityEvent",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "QualityRating",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "PhoneNumbers");
        }
    }
}
