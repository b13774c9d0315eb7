using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OneOpenAlertPerKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nodes that saw the same misuse at once could each have opened an alert: keep the first open one of each key and
            // kind, and resolve the others as duplicates, so that the unique index below can be built.
            migrationBuilder.Sql("""
                UPDATE "Alerts" SET "ResolvedAt" = "LastSeenAt", "ResolvedBy" = 'duplicate'
                WHERE "ResolvedAt" IS NULL AND EXISTS (
                    SELECT 1 FROM "Alerts" AS "First"
                    WHERE "First"."KeyId" = "Alerts"."KeyId" AND "First"."Kind" = "Alerts"."Kind" AND "First"."ResolvedAt" IS NULL
                      AND ("First"."CreatedAt" < "Alerts"."CreatedAt" OR ("First"."CreatedAt" = "Alerts"."CreatedAt" AND "First"."Id" < "Alerts"."Id")))
                """);
            migrationBuilder.CreateIndex(
                name: "IX_Alerts_KeyId_Kind",
                table: "Alerts",
                columns: new[] { "KeyId", "Kind" },
                unique: true,
                filter: "\"ResolvedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_KeyId_Kind",
                table: "Alerts");
        }
    }
}
