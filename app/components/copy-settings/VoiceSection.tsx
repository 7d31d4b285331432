import { BlockStack, Card, Layout, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TONE_PRESETS } from "~/copy/settings";
import { SectionErrors, useFieldError, type SettingsProps, differs, useSectionSave } from "./shared";

type Tone = (typeof TONE_PRESETS)[number];
/** The server's limits (copySettingsIntentSchema's save-voice). */
const BRAND_VOICE_LIMIT = 2000;
const EXAMPLE_COPY_LIMIT = 4000;

export function VoiceSection({ settings }: SettingsProps) {
  const { t } = useTranslation();
  const [tone, setTone] = useState<Tone>(settings.tone);
  const [brandVoice, setBrandVoice] = useState(settings.brandVoice);
  const [exampleCopy, setExampleCopy] = useState(settings.exampleCopy);
  // Longer text is refused with the limit named, never cut: the merchant keeps what they typed.
  const overLimit = (text: string, limit: number) =>
    text.trim().length > limit ? t("copySettings.errors.tooLongLimit", { length: text.trim().length, limit }) : undefined;
  const voiceError = overLimit(brandVoice, BRAND_VOICE_LIMIT);
  const exampleError = overLimit(exampleCopy, EXAMPLE_COPY_LIMIT);
  const isTone = (value: string): value is Tone => (TONE_PRESETS as readonly string[]).includes(value);

  const saved = { tone: settings.tone, brandVoice: settings.brandVoice, exampleCopy: settings.exampleCopy };
  const fetcher = useSectionSave("save-voice", {
    dirty: differs({ tone, brandVoice, exampleCopy }, saved),
    payload: { intent: "save-voice", tone, brandVoice, exampleCopy },
    onDiscard: () => {
      setTone(saved.tone);
      setBrandVoice(saved.brandVoice);
      setExampleCopy(saved.exampleCopy);
    },
  });
  const errorFor = useFieldError(fetcher.data);

  return (
    <Layout.AnnotatedSection id="copy-voice" title={t("copySettings.voice.heading")} description={t("copySettings.voice.description")}>
      <Card>
        <>
          <BlockStack gap="400">
            <input type="hidden" name="intent" value="save-voice" />
            <Select
              label={t("copySettings.voice.tone")}
              name="tone"
              options={TONE_PRESETS.map((preset) => ({ value: preset, label: t(`copySettings.voice.tones.${preset}`) }))}
              value={tone}
              onChange={(value) => {
                if (isTone(value)) setTone(value);
              }}
              helpText={t(`copySettings.voice.toneHelp.${tone}`)}
              error={errorFor("tone")}
            />
            <TextField
              label={t("copySettings.voice.brandVoice")}
              name="brandVoice"
              value={brandVoice}
              onChange={setBrandVoice}
              multiline={3}
              showCharacterCount
              autoComplete="off"
              placeholder={t("copySettings.voice.brandVoicePlaceholder")}
              helpText={t("copySettings.voice.brandVoiceHelp")}
              error={voiceError ?? errorFor("brandVoice")}
            />
            <TextField
              label={t("copySettings.voice.exampleCopy")}
              name="exampleCopy"
              value={exampleCopy}
              onChange={setExampleCopy}
              multiline={5}
              showCharacterCount
              autoComplete="off"
              helpText={t("copySettings.voice.exampleCopyHelp")}
              error={exampleError ?? errorFor("exampleCopy")}
            />
            <SectionErrors result={fetcher.data} shownFields={["tone", "brandVoice", "exampleCopy"]} />
          </BlockStack>
        </>
      </Card>
    </Layout.AnnotatedSection>
  );
}
