using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keygate.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddWhatsAppMessaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    WabaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Components = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PhoneNumberId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Direction = table.Column<int>(type: "INTEGER", nullable: false),
                    Counterpart = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TemplateName = table.Column<string>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PhoneNumbers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WabaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DisplayNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    VerifiedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Provider = table.Column<int>(type: "INTEGER", nullable: false),
                    EncryptedAccessToken = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EncryptedAppSecret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    EncryptedVerifyToken = table.Column<byte[]>(type: "BLOB", nullable: true),
                    TestRecipients = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhoneNumbers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MessageStatusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessageStatusChanges_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MessageStatusChanges_MessageId",
                table: "MessageStatusChanges",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_WabaId_Name_Language",
                table: "MessageTemplates",
                columns: new[] { "WabaId", "Name", "Language" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_AccountId_CreatedAt_Id",
                table: "Messages",
                columns: new[] { "AccountId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_PhoneNumberId_Counterpart_Direction_CreatedAt",
                table: "Messages",
                columns: new[] { "PhoneNumberId", "Counterpart", "Direction", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_AccountId",
                table: "PhoneNumbers",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_WabaId",
                table: "PhoneNumbers",
                column: "WabaId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MessageStatusChanges");

            migrationBuilder.DropTable(
                name: "MessageTemplates");

            migrationBuilder.DropTable(
                name: "PhoneNumbers");

            migrationBuilder.DropTable(
                name: "Messages");
        }
    }
}
