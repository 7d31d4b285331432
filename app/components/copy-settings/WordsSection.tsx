import { BlockStack, Button, Card, InlineStack, Layout, Tag, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SectionErrors, useFieldError, type SettingsProps, differs, useSectionSave } from "./shared";

/** Entries typed or pasted with commas or new lines; the server splits and checks them again. */
function entriesOf(text: string): string[] {
  return text
    .split(/[,\n\r]+/)
    .map((entry) => entry.trim().replace(/\s+/g, " "))
    .filter(Boolean);
}

function withEntries(tags: string[], entries: string[]): string[] {
  const next = [...tags];
  for (const entry of entries) {
    if (!next.some((tag) => tag.toLocaleLowerCase() === entry.toLocaleLowerCase())) next.push(entry);
  }
  return next;
}

interface TagListFieldProps {
  label: string;
  helpText: string;
  tags: string[];
  onChange(tags: string[]): void;
  error: string | undefined;
}

/** A text box that turns what is typed into removable tags at each comma, new line (Enter) or when it loses focus. */
function TagListField({ label, helpText, tags, onChange, error }: TagListFieldProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const commit = (text: string) => {
    const entries = entriesOf(text);
    if (entries.length > 0) onChange(withEntries(tags, entries));
  };
  const type = (value: string) => {
    const lastSeparator = Math.max(value.lastIndexOf(","), value.lastIndexOf("\n"));
    if (lastSeparator === -1) {
      setDraft(value);
      return;
    }
    commit(value.slice(0, lastSeparator));
    setDraft(value.slice(lastSeparator + 1));
  };
  return (
    <BlockStack gap="200">
      <TextField
        label={label}
        value={draft}
        onChange={type}
        onBlur={() => {
          commit(draft);
          setDraft("");
        }}
        multiline={1}
        autoComplete="off"
        helpText={helpText}
        error={error}
        connectedRight={
          <Button
            disabled={!draft.trim()}
            onClick={() => {
              commit(draft);
              setDraft("");
            }}
          >
            {t("copySettings.words.add")}
          </Button>
        }
      />
      {tags.length > 0 ? (
        <InlineStack gap="100">
          {tags.map((tag) => (
            <Tag key={tag} onRemove={() => onChange(tags.filter((other) => other !== tag))}>
              {tag}
            </Tag>
          ))}
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued" variant="bodySm">
          {t("copySettings.words.none")}
        </Text>
      )}
    </BlockStack>
  );
}

export function WordsSection({ settings }: SettingsProps) {
  const { t } = useTranslation();
  const [keywords, setKeywords] = useState(settings.keywords);
  const [bannedWords, setBannedWords] = useState(settings.bannedWords);
  const fetcher = useSectionSave("save-words", {
    dirty: differs({ keywords, bannedWords }, { keywords: settings.keywords, bannedWords: settings.bannedWords }),
    payload: { intent: "save-words", keywords: keywords.join("\n"), bannedWords: bannedWords.join("\n") },
    onDiscard: () => {
      setKeywords(settings.keywords);
      setBannedWords(settings.bannedWords);
    },
  });
  const errorFor = useFieldError(fetcher.data);

  return (
    <Layout.AnnotatedSection id="copy-words" title={t("copySettings.words.heading")} description={t("copySettings.words.description")}>
      <Card>
        <BlockStack gap="400">
          <TagListField
            label={t("copySettings.words.keywords")}
            helpText={t("copySettings.words.keywordsHelp", { max: 30 })}
            tags={keywords}
            onChange={setKeywords}
            error={errorFor("keywords")}
          />
          <TagListField
            label={t("copySettings.words.bannedWords")}
            helpText={t("copySettings.words.bannedWordsHelp", { max: 100 })}
            tags={bannedWords}
            onChange={setBannedWords}
            error={errorFor("bannedWords")}
          />
          <SectionErrors result={fetcher.data} shownFields={["keywords", "bannedWords"]} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
