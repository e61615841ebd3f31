using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// test and [: string, integer and file conditions. With up to four
// arguments the POSIX rules decide by count, so `[ "$x" = -n ]` or
// `[ ! "$x" -eq 6 ]` mean what they say whatever the operands look like;
// longer expressions (-a, -o, parentheses) go through a small parser.
internal sealed class TestExpression
{
    // Parentheses and '!' recurse; arguments come from the script.
    private const int MaxNesting = 64;

    private readonly List<string> _args;
    private readonly IShellHost _host;
    private int _pos;
    private int _depth;
    private string? _error;

    private TestExpression(List<string> args, IShellHost host)
    {
        _args = args;
        _host = host;
    }

    // 0 true, 1 false; on a malformed expression, error is set (status 2).
    internal static int Evaluate(List<string> args, IShellHost host, out string? error)
    {
        var test = new TestExpression(args, host);
        bool result = test.ByCount(0, args.Count);
        error = test._error;
        return error != null ? 2 : result ? 0 : 1;
    }

    private bool Fail(string message)
    {
        if (_error == null)
            _error = message;
        return false;
    }

    private bool ByCount(int start, int count)
    {
        switch (count)
        {
            case 0:
                return false;
            case 1:
                return _args[start].Length > 0;
            case 2:
                if (_args[start] == "!")
                    return !ByCount(start + 1, 1);
                if (IsUnary(_args[start]))
                    return Unary(_args[start], _args[start + 1]);
                return Fail(_args[start] + ": unary operator expected");
            case 3:
                if (IsBinary(_args[start + 1]))
                    return Binary(_args[start], _args[start + 1], _args[start + 2]);
                if (_args[start] == "!")
                    return !ByCount(start + 1, 2);
                if (_args[start] == "(" && _args[start + 2] == ")")
                    return ByCount(start + 1, 1);
                return Fail(_args[start + 1] + ": binary operator expected");
            case 4:
                if (_args[start] == "!")
                    return !ByCount(start + 1, 3);
                if (_args[start] == "(" && _args[start + 3] == ")")
                    return ByCount(start + 1, 2);
                break;
        }
        _pos = start;
        bool value = Or();
        if (_pos < start + count)
            return Fail(_args[_pos] + ": unexpected argument");
        return value;
    }

    private static bool IsUnary(string op) =>
        op == "-z" || op == "-n" || op == "-e" || op == "-f" || op == "-d";

    private static bool IsBinary(string op) =>
        op == "=" || op == "!=" || op == "-eq" || op == "-ne" || op == "-lt" || op == "-le" || op == "-gt" || op == "-ge" ||
        op == "-a" || op == "-o";

    private bool Unary(string op, string operand)
    {
        switch (op)
        {
            case "-z": return operand.Length == 0;
            case "-n": return operand.Length > 0;
            case "-e": return _host.GetFileKind(operand) != ShellFileKind.None;
            case "-f": return _host.GetFileKind(operand) == ShellFileKind.File;
            default: return _host.GetFileKind(operand) == ShellFileKind.Directory;
        }
    }

    private bool Binary(string left, string op, string right)
    {
        switch (op)
        {
            case "=": return left == right;
            case "!=": return left != right;
            case "-a": return left.Length > 0 && right.Length > 0;
            case "-o": return left.Length > 0 || right.Length > 0;
        }
        if (!TryParseInteger(left, out long a))
            return Fail(left + ": integer expression expected");
        if (!TryParseInteger(right, out long b))
            return Fail(right + ": integer expression expected");
        switch (op)
        {
            case "-eq": return a == b;
            case "-ne": return a != b;
            case "-lt": return a < b;
            case "-le": return a <= b;
            case "-gt": return a > b;
            default: return a >= b;
        }
    }

    // Decimal with an optional sign and surrounding blanks, as test(1)
    // accepts; values beyond 64 bits are errors, not wrapped.
    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        int i = 0;
        int end = text.Length;
        while (i < end && (text[i] == ' ' || text[i] == '\t'))
            i++;
        while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t'))
            end--;
        bool negative = i < end && text[i] == '-';
        if (i < end && (text[i] == '-' || text[i] == '+'))
            i++;
        if (i == end)
            return false;
        ulong magnitude = 0;
        for (; i < end; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9' || magnitude > 922337203685477580UL)
                return false;
            magnitude = magnitude * 10 + (ulong)(c - '0');
        }
        if (magnitude > (negative ? 9223372036854775808UL : 9223372036854775807UL))
            return false;
        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    // The general grammar, for five or more arguments:
    //   or := and ('-o' and)*   and := not ('-a' not)*   not := '!' not | primary
    //   primary := '(' or ')' | unary operand | operand binary operand | operand
    private string? Peek(int offset = 0) => _pos + offset < _args.Count ? _args[_pos + offset] : null;

    private bool Or()
    {
        bool value = And();
        while (Peek() == "-o")
        {
            _pos++;
            bool right = And();
            value = value || right;
        }
        return value;
    }

    private bool And()
    {
        bool value = Not();
        while (Peek() == "-a")
        {
            _pos++;
            bool right = Not();
            value = value && right;
        }
        return value;
    }

    private bool Not()
    {
        bool negate = false;
        while (Peek() == "!")
        {
            negate = !negate;
            _pos++;
        }
        return Primary() != negate;
    }

    private bool Primary()
    {
        string? token = Peek();
        if (token == null)
            return Fail("argument expected");
        if (token == "(" )
        {
            if (++_depth > MaxNesting)
                return Fail("expression nested too deeply");
            _pos++;
            bool value = Or();
            _depth--;
            if (Peek() != ")")
                return Fail("')' expected");
            _pos++;
            return value;
        }
        string? next = Peek(1);
        if (IsUnary(token) && next != null)
        {
            _pos += 2;
            return Unary(token, next);
        }
        if (next != null && IsBinary(next) && next != "-a" && next != "-o" && Peek(2) != null)
        {
            _pos += 3;
            return Binary(token, next, _args[_pos - 1]);
        }
        _pos++;
        return token.Length > 0;
    }
}
