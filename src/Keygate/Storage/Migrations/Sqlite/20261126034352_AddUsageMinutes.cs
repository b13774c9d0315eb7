using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddUsageMinutes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsageMinutes",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Minute = table.Column<long>(type: "INTEGER", nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageMinutes", x => new { x.KeyId, x.Minute, x.Group, x.Outcome });
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageMinutes_AccountId_Minute",
                table: "UsageMinutes",
                columns: new[] { "AccountId", "Minute" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageMinutes");
        }
    }
}
