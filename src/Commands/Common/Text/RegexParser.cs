namespace Minix3.Cosmos.Commands.Common.Text;

// POSIX regular expressions (XBD chapter 9), basic (grep) and extended
// (grep -E), parsed into RegexNodes. Bytes are characters (the POSIX
// locale).
//   both:     c  .  [set] [^set] (ranges, [:class:], [=c=], [.c.])  ^  $  *
//             \c (c literal)
//   basic:    \( \)  \{m,n\}, and GNU's \+ \? \|; * is literal first in
//             the expression or a group; ^ is an anchor only first and $
//             only last (in the expression or a group)
//   extended: ( )  |  +  ?  {m,n}; ^ and $ are anchors anywhere; { that
//             does not start an interval is a literal
// Back-references (\1) are refused, with a clear error, rather than
// matched wrongly: the matcher is a linear-time automaton.
internal sealed class RegexParser
{
    // RE_DUP_MAX: the largest count of an interval.
    public const int MaxRepeat = 255;
    // Nested groups: the parser recurses on them.
    public const int MaxNesting = 100;

    private readonly byte[] _pattern;
    private readonly bool _extended;
    private int _pos;
    private int _depth;

    private RegexParser(byte[] pattern, bool extended)
    {
        _pattern = pattern;
        _extended = extended;
    }

    public string? Error { get; private set; }

    // The expression's tree, or null with Error set.
    public static RegexNode? Parse(byte[] pattern, bool extended, out string? error)
    {
        var parser = new RegexParser(pattern, extended);
        RegexNode? node = parser.ParseAlternation();
        if (node != null && parser.Error == null && parser._pos < pattern.Length)
            parser.Fail(parser._extended ? "unmatched )" : "unmatched \\)");
        error = parser.Error;
        return error == null ? node : null;
    }

    private bool AtEnd => _pos >= _pattern.Length;
    private byte Peek(int ahead = 0) => _pos + ahead < _pattern.Length ? _pattern[_pos + ahead] : (byte)0;

    private RegexNode? Fail(string message)
    {
        Error ??= message;
        return null;
    }

    private bool AtGroupClose => _extended ? Peek() == ')' && _depth > 0 : Peek() == '\\' && Peek(1) == ')';
    private bool AtBar => _extended ? Peek() == '|' : Peek() == '\\' && Peek(1) == '|';

    private RegexNode? ParseAlternation()
    {
        var alternation = new RegexAlternation();
        while (true)
        {
            RegexNode? branch = ParseBranch();
            if (branch == null)
                return null;
            alternation.Choices.Add(branch);
            if (AtEnd || !AtBar)
                break;
            _pos += _extended ? 1 : 2;
        }
        return alternation.Choices.Count == 1 ? alternation.Choices[0] : alternation;
    }

    private RegexNode? ParseBranch()
    {
        var sequence = new RegexSequence();
        // In a basic expression, what follows a leading ^ is first too:
        // "^*" matches a line starting with "*".
        bool first = true;
        while (!AtEnd && !AtBar && !AtGroupClose)
        {
            RegexNode? atom = ParseAtom(first);
            if (atom == null)
                return null;
            bool leadingAnchor = first && !_extended && atom is RegexAnchor anchor && anchor.Start;
            if (!leadingAnchor)
                atom = ParseRepeats(atom);
            if (atom == null)
                return null;
            sequence.Items.Add(atom);
            first = leadingAnchor;
        }
        return sequence;
    }

    private RegexNode? ParseAtom(bool first)
    {
        byte c = Peek();
        if (c == '^' && (_extended || first))
        {
            _pos++;
            return new RegexAnchor(true);
        }
        if (c == '$' && (_extended || AtBranchEnd(_pos + 1)))
        {
            _pos++;
            return new RegexAnchor(false);
        }
        if (c == '.')
        {
            _pos++;
            var any = new ByteSet();
            any.Invert();
            return new RegexSet(any);
        }
        if (c == '[')
            return ParseBracket();
        if (c == '*' && (first || !_extended))
        {
            // Only reached first in a basic expression or group: a literal.
            _pos++;
            return new RegexSet(ByteSet.Of('*'));
        }
        if (_extended)
        {
            if (c == '(')
                return ParseGroup(1);
            if (c == '*' || c == '+' || c == '?')
                return Fail("repetition operator " + (char)c + " has nothing to repeat");
            if (c == '{' && IsInterval(_pos + 1))
                return Fail("interval has nothing to repeat");
        }
        if (c == '\\')
            return ParseEscape();
        _pos++;
        return new RegexSet(ByteSet.Of(c));
    }

    // A basic expression's $ is an anchor only at the end of the
    // expression, of a group or of an alternative.
    private bool AtBranchEnd(int at)
    {
        if (at >= _pattern.Length)
            return true;
        return _pattern[at] == '\\' && at + 1 < _pattern.Length && (_pattern[at + 1] == ')' || _pattern[at + 1] == '|');
    }

    private RegexNode? ParseEscape()
    {
        if (_pos + 1 >= _pattern.Length)
            return Fail("trailing backslash");
        byte next = _pattern[_pos + 1];
        if (!_extended && next == '(')
            return ParseGroup(2);
        if (next >= '1' && next <= '9')
            return Fail("back-references (\\" + (char)next + ") are not supported");
        // Anything else escaped is itself: \. \* \[ \\ and, first in a basic
        // expression (where nothing precedes them to repeat), \{ \+ \?.
        _pos += 2;
        return new RegexSet(ByteSet.Of(next));
    }

    private RegexNode? ParseGroup(int openLength)
    {
        if (++_depth > MaxNesting)
            return Fail("groups nested too deeply");
        _pos += openLength;
        RegexNode? inner = ParseAlternation();
        if (inner == null)
            return null;
        if (!AtGroupClose)
            return Fail(_extended ? "unmatched (" : "unmatched \\(");
        _pos += _extended ? 1 : 2;
        _depth--;
        return inner;
    }

    // *, and the interval and GNU operators of each syntax, after an atom.
    private RegexNode? ParseRepeats(RegexNode atom)
    {
        while (!AtEnd)
        {
            byte c = Peek();
            int min, max, length;
            if (c == '*')
            {
                min = 0; max = -1; length = 1;
            }
            else if (_extended && (c == '+' || c == '?'))
            {
                min = c == '+' ? 1 : 0; max = c == '+' ? -1 : 1; length = 1;
            }
            else if (!_extended && c == '\\' && (Peek(1) == '+' || Peek(1) == '?'))
            {
                min = Peek(1) == '+' ? 1 : 0; max = Peek(1) == '+' ? -1 : 1; length = 2;
            }
            else if (_extended && c == '{' && IsInterval(_pos + 1))
            {
                _pos++;
                if (!ParseInterval(out min, out max, closeLength: 1))
                    return null;
                atom = new RegexRepeat(atom, min, max);
                continue;
            }
            else if (!_extended && c == '\\' && Peek(1) == '{')
            {
                _pos += 2;
                if (!ParseInterval(out min, out max, closeLength: 2))
                    return null;
                atom = new RegexRepeat(atom, min, max);
                continue;
            }
            else
            {
                break;
            }
            _pos += length;
            atom = new RegexRepeat(atom, min, max);
        }
        return atom;
    }

    // An extended expression's { begins an interval only when "m}",
    // "m,}" or "m,n}" follows; otherwise it is a literal (as in GNU grep).
    private bool IsInterval(int at)
    {
        int digits = 0;
        while (at < _pattern.Length && _pattern[at] >= '0' && _pattern[at] <= '9')
        {
            at++;
            digits++;
        }
        if (digits == 0)
            return false;
        if (at < _pattern.Length && _pattern[at] == ',')
        {
            at++;
            while (at < _pattern.Length && _pattern[at] >= '0' && _pattern[at] <= '9')
                at++;
        }
        return at < _pattern.Length && _pattern[at] == '}';
    }

    // "m}", "m,}", "m,n}" (basic: "\}"); _pos is past the opening brace.
    private bool ParseInterval(out int min, out int max, int closeLength)
    {
        max = -1;
        if (!ReadCount(out min))
            return Fail("invalid interval") != null;
        if (Peek() == ',')
        {
            _pos++;
            if (Peek() >= '0' && Peek() <= '9' && !ReadCount(out max))
                return Fail("invalid interval") != null;
        }
        else
        {
            max = min;
        }
        bool closed = closeLength == 1 ? Peek() == '}' : Peek() == '\\' && Peek(1) == '}';
        if (!closed)
            return Fail("unmatched { in interval") != null;
        _pos += closeLength;
        if (max >= 0 && max < min)
            return Fail("invalid interval: maximum below minimum") != null;
        return true;
    }

    private bool ReadCount(out int value)
    {
        value = 0;
        int digits = 0;
        while (Peek() >= '0' && Peek() <= '9')
        {
            value = value * 10 + (Peek() - '0');
            _pos++;
            if (++digits > 3 || value > MaxRepeat)
                return Fail("interval count above " + MaxRepeat.ToString()) != null;
        }
        return digits > 0;
    }

    // [...]: _pos at '['. A ] first (after ^) is a member; - first or last
    // is a member; backslash is an ordinary member.
    private RegexNode? ParseBracket()
    {
        _pos++;
        var set = new ByteSet();
        bool negate = Peek() == '^';
        if (negate)
            _pos++;
        bool firstMember = true;
        while (true)
        {
            if (AtEnd)
                return Fail("unmatched [");
            byte c = Peek();
            if (c == ']' && !firstMember)
            {
                _pos++;
                break;
            }
            firstMember = false;
            int low;
            if (c == '[' && (Peek(1) == ':' || Peek(1) == '=' || Peek(1) == '.'))
            {
                byte kind = Peek(1);
                string? name = ReadBracketName(kind);
                if (name == null)
                    return Fail("unterminated [" + (char)kind + " in a bracket expression");
                if (kind == ':')
                {
                    if (!set.AddClass(name))
                        return Fail("unknown character class [:" + name + ":]");
                    continue;
                }
                if (name.Length != 1)
                    return Fail("unsupported collating element [" + (char)kind + name + (char)kind + "]");
                low = name[0];
                if (kind == '=')
                {
                    set.Add(low);
                    continue;
                }
            }
            else
            {
                low = c;
                _pos++;
            }
            // A range low-high, unless - is the last member.
            if (Peek() == '-' && Peek(1) != ']' && _pos + 1 < _pattern.Length)
            {
                _pos++;
                int high = Peek();
                if (high == '[' && Peek(1) == '.')
                {
                    string? name = ReadBracketName((byte)'.');
                    if (name == null || name.Length != 1)
                        return Fail("bad range end in a bracket expression");
                    high = name[0];
                }
                else
                {
                    _pos++;
                }
                if (high < low)
                    return Fail("invalid range end " + (char)low + "-" + (char)high);
                set.AddRange(low, high);
                continue;
            }
            set.Add(low);
        }
        if (negate)
            set.Invert();
        return new RegexSet(set);
    }

    // [:name:], [=c=], [.c.] with _pos at '['; the name, _pos past the close.
    private string? ReadBracketName(byte kind)
    {
        int start = _pos + 2;
        for (int i = start; i + 1 < _pattern.Length; i++)
        {
            if (_pattern[i] == kind && _pattern[i + 1] == ']')
            {
                char[] name = new char[i - start];
                for (int k = 0; k < name.Length; k++)
                    name[k] = (char)_pattern[start + k];
                _pos = i + 2;
                return new string(name);
            }
        }
        return null;
    }
}
