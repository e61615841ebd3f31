using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// A word as written, split into the pieces expansion treats differently.
// Quoting is kept per piece because it decides field splitting and whether a
// case pattern character is special.
internal sealed class Word
{
    internal Word(int line) { Line = line; }

    internal int Line { get; }
    internal List<WordPart> Parts { get; } = new List<WordPart>();

    // The unquoted literal text if the word is nothing else; reserved words
    // and names are recognized only in this form (`"if"` and `\if` are plain
    // command names, as in every sh).
    internal string? PlainText =>
        Parts.Count == 1 && Parts[0] is LiteralPart literal && !literal.Quoted ? literal.Text : null;

    internal bool IsPlain(string text) => PlainText == text;
}

internal abstract class WordPart
{
    protected WordPart(bool quoted) { Quoted = quoted; }

    // Inside double quotes (or, for literals, escaped or single-quoted):
    // results are not field-split and pattern characters are literal.
    internal bool Quoted { get; }
}

internal sealed class LiteralPart : WordPart
{
    internal LiteralPart(string text, bool quoted) : base(quoted) { Text = text; }

    internal string Text { get; }
}

internal enum ParameterOperator
{
    None,
    Length,             // ${#name}
    Default,            // ${name-word}, ${name:-word}
    Assign,             // ${name=word}, ${name:=word}
    Alternative,        // ${name+word}, ${name:+word}
    Error,              // ${name?word}, ${name:?word}
    RemoveSmallestPrefix, // ${name#pattern}
    RemoveLargestPrefix,  // ${name##pattern}
    RemoveSmallestSuffix, // ${name%pattern}
    RemoveLargestSuffix,  // ${name%%pattern}
}

// $name, ${name}, ${name:-word} and the other braced forms.
internal sealed class ParameterPart : WordPart
{
    internal ParameterPart(string name, bool quoted) : base(quoted) { Name = name; }

    internal string Name { get; }
    internal ParameterOperator Operator { get; set; }

    // The ':' forms also treat an empty value as unset.
    internal bool Colon { get; set; }
    internal Word? Argument { get; set; }
}

// $((expression)): the expression is itself a word, because parameters are
// expanded in it before it is evaluated.
internal sealed class ArithmeticPart : WordPart
{
    internal ArithmeticPart(Word expression, bool quoted) : base(quoted) { Expression = expression; }

    internal Word Expression { get; }
}
