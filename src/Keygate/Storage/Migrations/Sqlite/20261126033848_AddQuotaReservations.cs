using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddQuotaReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "QuotaReservations",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Metric = table.Column<int>(type: "INTEGER", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaReservations", x => new { x.Scope, x.Metric, x.Period });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QuotaReservations");
        }
    }
}
