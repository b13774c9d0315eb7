// Sends through Keygate with @kapso/whatsapp-cloud-api exactly as one would through Meta, changing only
// the base URL and the token. Prints one JSON line with what happened, for the .NET test to check.
import { WhatsAppClient, GraphApiError } from "@kapso/whatsapp-cloud-api";

const { KEYGATE_URL, KEYGATE_TOKEN, PHONE_NUMBER_ID, TO } = process.env;
const client = new WhatsAppClient({ baseUrl: KEYGATE_URL, accessToken: KEYGATE_TOKEN, graphVersion: "v23.0" });

const text = await client.messages.sendText({ phoneNumberId: PHONE_NUMBER_ID, to: TO, body: "Hello from a Cloud API client" });
const template = await client.messages.sendTemplate({
  phoneNumberId: PHONE_NUMBER_ID,
  to: TO,
  template: { name: "hello_world", language: { code: "en_US" } },
});

let badToken;
try {
  const stranger = new WhatsAppClient({ baseUrl: KEYGATE_URL, accessToken: "not-a-keygate-key", graphVersion: "v23.0" });
  await stranger.messages.sendText({ phoneNumberId: PHONE_NUMBER_ID, to: TO, body: "should fail" });
} catch (error) {
  badToken = error instanceof GraphApiError
    ? { parsed: true, httpStatus: error.httpStatus, code: error.code, type: error.type, category: error.category }
    : { parsed: false, message: String(error) };
}

console.log(JSON.stringify({
  textId: text.messages?.[0]?.id,
  templateId: template.messages?.[0]?.id,
  badToken,
}));
