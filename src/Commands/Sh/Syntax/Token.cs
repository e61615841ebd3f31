namespace Minix3.Cosmos.Commands.Sh;

internal enum TokenKind
{
    Word,
    IoNumber,   // the 2 in 2>&1: digits written right before < or >
    Newline,
    End,
    And,        // &&
    Or,         // ||
    DoubleSemicolon, // ;;
    Semicolon,
    Ampersand,
    Pipe,
    Less,       // <
    Great,      // >
    DoubleGreat, // >>
    DoubleLess, // << and <<- (here-documents: recognized only to be refused)
    LessAnd,    // <&
    GreatAnd,   // >&
    LessGreat,  // <>
    Clobber,    // >|
    LeftParen,
    RightParen,
}

internal sealed class Token
{
    internal Token(TokenKind kind, int line, string text, Word? word = null)
    {
        Kind = kind;
        Line = line;
        Text = text;
        Word = word;
    }

    internal TokenKind Kind { get; }
    internal int Line { get; }

    // The source text, for error messages.
    internal string Text { get; }
    internal Word? Word { get; }

    internal bool IsWord(string text) => Kind == TokenKind.Word && Word!.IsPlain(text);

    internal string Describe() =>
        Kind == TokenKind.Newline ? "newline" : Kind == TokenKind.End ? "end of file" : "'" + Text + "'";
}
