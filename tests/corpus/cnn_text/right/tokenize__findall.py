# finds the tokens with one re.findall instead of substitutions
CLITICS = ("'s", "'ve", "n't", "'re", "'d", "'ll", "'m")


def tokenize(sentence):
    text = to_ascii(sentence).lower()
    text = re.sub(r"[^a-z0-9(),!?']", " ", text)
    text = re.sub(r"(?<=[a-z0-9])(n't|'(?:s|ve|re|d|ll|m))\b", r" \1", text)
    raw = re.findall(r"[(),!?]|[^\s(),!?]+", text)
    return [t if t in CLITICS else t.strip("'") for t in raw if (t if t in CLITICS else t.strip("'"))]
