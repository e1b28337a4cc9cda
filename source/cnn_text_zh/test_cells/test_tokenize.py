### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # noqa: F401 -- the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
example = "It isn't the director's best (or worst) film -- 7/10!"
got = check.call(tokenize, example, fn="tokenize", case=repr(example))
check.tokens(got, ["it", "is", "n't", "the", "director", "'s", "best", "(", "or", "worst", ")", "film", "7", "10", "!"],
             fn="tokenize", case=repr(example), lowered=check.call(tokenize, example.lower(), fn="tokenize"),
             hint="lower case; '-' and '/' become spaces; split off n't and 's; ( ) ! are tokens of their own.")
print(got)
### BEGIN HIDDEN TESTS
# reference: _tokenize_reference
for sentence, hint in [
        ("A GORGEOUS, witty, seductive movie.", "lower case first (text.lower()); ',' is a token, '.' disappears."),
        ("we've seen it; you'll hate it, they're sure, I'd go, I'm in", "split off 've, 'll, 're, 'd and 'm too."),
        ("can't, won't, don't", "n't is split off the word before it: can't -> ca n't, won't -> wo n't."),
        ("the 'best' film of ''the year'' : 'memento' -- no", "apostrophes at the start and end of a token (quotation "
         "marks) are stripped: 'memento' -> memento; '' disappears."),
        ("why?! (really) ...", "( ) ! ? are tokens of their own; '.' becomes a space."),
        ("caf\u00e9 na\u00efve r\u00e9sum\u00e9 &amp; co &quot;indie&quot;", "start from to_ascii(sentence) (given)."),
        ("the cast's chemistry and the 1990s' look", "'s is split off only after a letter or digit; a lone ' is stripped."),
        ("Rock 'n' roll, rock'n'roll", "apostrophes inside a token stay; only those at its ends go."),
        ("--- ...", "a sentence without any token gives an empty list []."),
        ("", "an empty sentence gives an empty list []."),
        ("  two   spaces\tand a tab\nand a new line ", "split at any white space: text.split() (not split(' '))."),
        ("Half-baked, 3-D, well-made: 10/10", "every character other than a-z, 0-9, ( ) , ! ? ' becomes a space."),
]:
    case = repr(sentence)
    got = check.call(tokenize, sentence, fn="tokenize", case=case, hint=hint)
    check.tokens(got, _tokenize_reference(sentence), fn="tokenize", case=case, hint=hint,
                 lowered=check.call(tokenize, sentence.lower(), fn="tokenize", case=case))
### END HIDDEN TESTS
