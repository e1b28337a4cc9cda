# splits with split(' '), which leaves empty tokens
# hint: split at any white space with text.split()
CLITICS = ("'s", "'ve", "n't", "'re", "'d", "'ll", "'m")


def tokenize(sentence):
    """
    Cut a sentence into lower-case tokens, the way the data file was made (Kim's clean_str).

    Arguments:
    sentence -- str, a sentence as written

    Returns:
    tokens -- list of str, the tokens in order (an empty list for a sentence without any)
    """
    text = to_ascii(sentence)          # step 1 (given)
    # (about 8 lines)
    text = text.lower()
    text = re.sub(r"[^a-z0-9(),!?']", " ", text)
    text = re.sub(r"(?<=[a-z0-9])('s|'ve|n't|'re|'d|'ll|'m)\b", r" \1", text)
    text = re.sub(r"([(),!?])", r" \1 ", text)
    tokens = []
    for token in text.split(' '):
        if token not in CLITICS:
            token = token.strip("'")
        tokens.append(token)
    return tokens
