using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I10TemplatesAndHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_MetaTemplates_AccountId_WabaId_Name_Language",
                table: "MetaTemplates",
                columns: new[] { "AccountId", "WabaId", "Name", "Language" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetaTemplates");

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
