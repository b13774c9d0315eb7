using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageMinuteIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_UsageMinutes_Minute",
                table: "UsageMinutes",
                column: "Minute");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageMinutes_Minute",
                table: "UsageMinutes");
        }
    }
}
