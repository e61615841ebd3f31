using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// $((...)) after its parameters were expanded: C's integer expressions on
// 64-bit signed values, with wrap-around as in every sh. Operators, lowest
// precedence first:
//   = += -= *= /= %= <<= >>= &= ^= |=   ?:   ||   &&   |   ^   &
//   == !=   < <= > >=   << >>   + -   * / %   unary + - ~ !
// Bare names are variables whose value must be an integer (empty or unset is
// 0). Errors end the script (ShellFatalException), as in dash.
internal sealed class Arithmetic
{
    // Parentheses and unary operators nest the parser's recursion.
    private const int MaxNesting = 64;

    private static readonly string[] Operators =
    {
        "<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=",
        "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "~", "(", ")", "?", ":", "=",
    };

    private readonly string _text;
    private readonly Shell _shell;
    private readonly List<string> _tokens = new List<string>();
    private int _pos;
    private int _depth;

    // Above zero while evaluating a branch whose value is discarded (the
    // right of a short-circuited && or ||, the untaken arm of ?:): such a
    // branch assigns nothing and cannot fail on division by zero.
    private int _skip;

    private Arithmetic(string text, Shell shell)
    {
        _text = text;
        _shell = shell;
    }

    internal static long Evaluate(string text, Shell shell)
    {
        var evaluator = new Arithmetic(text, shell);
        evaluator.Tokenize();
        if (evaluator._tokens.Count == 0)
            return 0;
        long value = evaluator.ParseAssignment();
        if (evaluator._pos < evaluator._tokens.Count)
            throw evaluator.Error($"unexpected '{evaluator._tokens[evaluator._pos]}'");
        return value;
    }

    private ShellFatalException Error(string message) =>
        new ShellFatalException($"arithmetic expression '{_text}': {message}");

    private void Tokenize()
    {
        int i = 0;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            {
                i++;
                continue;
            }
            int start = i;
            if (Lexer.IsNameChar(c))
            {
                while (i < _text.Length && Lexer.IsNameChar(_text[i]))
                    i++;
            }
            else
            {
                string? op = null;
                foreach (string candidate in Operators)
                {
                    if (StartsAt(i, candidate))
                    {
                        op = candidate;
                        break;
                    }
                }
                if (op == null)
                    throw Error($"unexpected character '{c}'");
                i += op.Length;
            }
            _tokens.Add(_text.Substring(start, i - start));
        }
    }

    private bool StartsAt(int index, string candidate)
    {
        if (index + candidate.Length > _text.Length)
            return false;
        for (int k = 0; k < candidate.Length; k++)
        {
            if (_text[index + k] != candidate[k])
                return false;
        }
        return true;
    }

    private string? Peek(int offset = 0) => _pos + offset < _tokens.Count ? _tokens[_pos + offset] : null;

    private bool Accept(string op)
    {
        if (Peek() != op)
            return false;
        _pos++;
        return true;
    }

    private void Enter()
    {
        if (++_depth > MaxNesting)
            throw Error("nested too deeply");
    }

    private static bool IsAssignment(string? op) =>
        op == "=" || op == "+=" || op == "-=" || op == "*=" || op == "/=" || op == "%=" ||
        op == "<<=" || op == ">>=" || op == "&=" || op == "^=" || op == "|=";

    private long ParseAssignment()
    {
        string? name = Peek();
        if (name != null && Lexer.IsName(name) && IsAssignment(Peek(1)))
        {
            string op = Peek(1)!;
            _pos += 2;
            Enter();
            long right = ParseAssignment();
            _depth--;
            long value = op == "=" ? right : Apply(op.Substring(0, op.Length - 1), Variable(name), right);
            if (_skip == 0)
                _shell.SetVariable(name, value.ToString());
            return value;
        }
        return ParseConditional();
    }

    private long ParseConditional()
    {
        long condition = ParseBinary(1);
        if (!Accept("?"))
            return condition;
        Enter();
        if (condition == 0)
            _skip++;
        long whenTrue = ParseAssignment();
        if (condition == 0)
            _skip--;
        if (!Accept(":"))
            throw Error("expected ':' in ?: expression");
        if (condition != 0)
            _skip++;
        long whenFalse = ParseConditional();
        if (condition != 0)
            _skip--;
        _depth--;
        return condition != 0 ? whenTrue : whenFalse;
    }

    private static int Precedence(string? op)
    {
        switch (op)
        {
            case "||": return 1;
            case "&&": return 2;
            case "|": return 3;
            case "^": return 4;
            case "&": return 5;
            case "==": case "!=": return 6;
            case "<": case "<=": case ">": case ">=": return 7;
            case "<<": case ">>": return 8;
            case "+": case "-": return 9;
            case "*": case "/": case "%": return 10;
            default: return 0;
        }
    }

    // Precedence climbing; all binary operators associate to the left.
    private long ParseBinary(int minimum)
    {
        long left = ParseUnary();
        while (true)
        {
            string? op = Peek();
            int precedence = Precedence(op);
            if (precedence == 0 || precedence < minimum)
                return left;
            _pos++;
            if (op == "&&" || op == "||")
            {
                // The right side is still parsed, but not evaluated, when the
                // left decides the result.
                bool decided = op == "&&" ? left == 0 : left != 0;
                if (decided)
                    _skip++;
                long right = ParseBinary(precedence + 1);
                if (decided)
                    _skip--;
                left = decided ? (op == "||" ? 1 : 0) : (right != 0 ? 1 : 0);
            }
            else
            {
                left = Apply(op!, left, ParseBinary(precedence + 1));
            }
        }
    }

    private long ParseUnary()
    {
        string? op = Peek();
        if (op == "+" || op == "-" || op == "~" || op == "!")
        {
            _pos++;
            Enter();
            long operand = ParseUnary();
            _depth--;
            return op == "+" ? operand : op == "-" ? unchecked(-operand) : op == "~" ? ~operand : (operand == 0 ? 1 : 0);
        }
        return ParsePrimary();
    }

    private long ParsePrimary()
    {
        string? token = Peek();
        if (token == null)
            throw Error("expression expected at the end");
        _pos++;
        if (token == "(")
        {
            Enter();
            long value = ParseAssignment();
            _depth--;
            if (!Accept(")"))
                throw Error("expected ')'");
            return value;
        }
        if (token[0] >= '0' && token[0] <= '9')
        {
            if (!TryParseInteger(token, out long number))
                throw Error($"invalid number '{token}'");
            return number;
        }
        if (Lexer.IsName(token))
            return Variable(token);
        throw Error($"unexpected '{token}'");
    }

    private long Variable(string name)
    {
        string value = Trim(_shell.GetVariable(name) ?? "");
        if (value.Length == 0)
            return 0;
        bool negative = value[0] == '-';
        string digits = value[0] == '-' || value[0] == '+' ? value.Substring(1) : value;
        if (!TryParseInteger(digits, out long number))
            throw Error($"{name}: not a number: '{value}'");
        return negative ? unchecked(-number) : number;
    }

    private static string Trim(string text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n'))
            start++;
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n'))
            end--;
        return text.Substring(start, end - start);
    }

    // Decimal, 0x hexadecimal or 0 octal, as in C. Too many digits wrap.
    internal static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        int start = 0;
        int radix = 10;
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            radix = 16;
            start = 2;
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            radix = 8;
            start = 1;
        }
        if (start >= text.Length)
            return false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix)
                return false;
            value = unchecked(value * radix + digit);
        }
        return true;
    }

    private long Apply(string op, long left, long right)
    {
        switch (op)
        {
            case "+": return unchecked(left + right);
            case "-": return unchecked(left - right);
            case "*": return unchecked(left * right);
            case "/":
            case "%":
                if (right == 0)
                {
                    if (_skip > 0)
                        return 0;
                    throw Error("division by zero");
                }
                // The one quotient that does not fit; the CPU would fault.
                if (left == long.MinValue && right == -1)
                    return op == "/" ? long.MinValue : 0;
                return op == "/" ? left / right : left % right;
            case "<<": return left << (int)(right & 63);
            case ">>": return left >> (int)(right & 63);
            case "&": return left & right;
            case "|": return left | right;
            case "^": return left ^ right;
            case "==": return left == right ? 1 : 0;
            case "!=": return left != right ? 1 : 0;
            case "<": return left < right ? 1 : 0;
            case "<=": return left <= right ? 1 : 0;
            case ">": return left > right ? 1 : 0;
            case ">=": return left >= right ? 1 : 0;
            default: throw Error($"unknown operator '{op}'");
        }
    }
}
