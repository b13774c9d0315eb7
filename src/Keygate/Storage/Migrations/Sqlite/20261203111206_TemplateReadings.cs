using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TemplateReadings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TemplateReadings",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WabaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TriedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateReadings", x => new { x.AccountId, x.WabaId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TemplateReadings");
        }
    }
}
