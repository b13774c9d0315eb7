// Drives a real Meta number through Keygate with @kapso/whatsapp-cloud-api, as one would drive Meta directly: only the
// base URL and the token differ. Each step's outcome goes into one JSON line for the .NET test, which checks it
// against what the fake Meta received and holds.
import { createHash } from "node:crypto";
import { WhatsAppClient, GraphApiError } from "@kapso/whatsapp-cloud-api";

const { KEYGATE_URL, KEYGATE_TOKEN, PHONE_NUMBER_ID, WABA_ID, TO, INBOUND_MEDIA_ID, INBOUND_WAMID, FLOW_ID, VIDEO_BYTES } = process.env;
const client = new WhatsAppClient({ baseUrl: KEYGATE_URL, accessToken: KEYGATE_TOKEN, graphVersion: "v23.0" });
const sha256 = (bytes) => createHash("sha256").update(Buffer.from(bytes)).digest("hex");
const outcome = {};

// A step that fails records Meta's error as the client parsed it, so the test says which call broke and how.
async function step(name, run) {
  try {
    outcome[name] = await run();
  } catch (error) {
    outcome[name] = error instanceof GraphApiError
      ? { failed: true, httpStatus: error.httpStatus, code: error.code, message: error.message }
      : { failed: true, message: String(error) };
  }
}

await step("phoneNumber", () => client.request("GET", PHONE_NUMBER_ID, { responseType: "json" }));
await step("businessProfile", () => client.phoneNumbers.businessProfile.get({ phoneNumberId: PHONE_NUMBER_ID }));

await step("video", async () => {
  // Content that differs along its length, so a truncated or reordered stream shows in the hash.
  const video = Buffer.alloc(Number(VIDEO_BYTES));
  for (let i = 0; i < video.length; i += 4) video.writeUInt32LE(i, i);
  const uploaded = await client.media.upload({ phoneNumberId: PHONE_NUMBER_ID, type: "video/mp4", file: video, fileName: "clip.mp4" });
  const metadata = await client.media.get({ mediaId: uploaded.id });
  const downloaded = await client.media.download({ mediaId: uploaded.id, auth: "always" });
  return { id: uploaded.id, sent: sha256(video), metadataSha256: metadata.sha256, received: sha256(downloaded), size: downloaded.byteLength };
});

await step("inboundImage", async () => {
  const downloaded = await client.media.download({ mediaId: INBOUND_MEDIA_ID, auth: "always" });
  return { received: sha256(downloaded), size: downloaded.byteLength };
});

await step("templates", async () => {
  const created = await client.templates.create({
    businessAccountId: WABA_ID,
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    components: [{ type: "BODY", text: "Your order {{1}} is on its way.", example: { body_text: [["A-100"]] } }],
  });
  const listed = await client.templates.list({ businessAccountId: WABA_ID, limit: 100 });
  const deleted = await client.templates.delete({ businessAccountId: WABA_ID, name: "order_update" });
  return { createdId: created.id, listedNames: listed.data.map((t) => t.name), deleted: deleted.success };
});

await step("markRead", () =>
  client.messages.markRead({ phoneNumberId: PHONE_NUMBER_ID, messageId: INBOUND_WAMID, typingIndicator: { type: "text" } }));

await step("flow", async () => {
  const sent = await client.messages.sendInteractiveFlow({
    phoneNumberId: PHONE_NUMBER_ID,
    to: TO,
    bodyText: "Book your table",
    parameters: { flowId: FLOW_ID, flowCta: "Book", flowToken: "booking-1", flowAction: "navigate", flowActionPayload: { screen: "BOOKING" } },
  });
  return { id: sent.messages?.[0]?.id };
});

await step("carousel", async () => {
  const card = (index) => ({
    card_index: index,
    components: [
      { type: "header", parameters: [{ type: "image", image: { id: INBOUND_MEDIA_ID } }] },
      { type: "button", sub_type: "quick_reply", index: "0", parameters: [{ type: "payload", payload: `card-${index}` }] },
    ],
  });
  const sent = await client.messages.sendTemplate({
    phoneNumberId: PHONE_NUMBER_ID,
    to: TO,
    template: {
      name: "summer_carousel",
      language: { code: "en_US" },
      components: [{ type: "body", parameters: [{ type: "text", text: "Ada" }] }, { type: "carousel", cards: [card(0), card(1)] }],
    },
  });
  return { id: sent.messages?.[0]?.id };
});

console.log(JSON.stringify(outcome));
