using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// Word expansion: parameters, arithmetic, field splitting, quote removal.
// There is no pathname expansion (globbing) until there is a file system to
// list; an unquoted '*' stays a '*'.
public sealed partial class Shell
{
    private const string DefaultIfs = " \t\n";

    // Command arguments and for-loop words: each word may become zero or
    // more fields.
    private List<string> ExpandFields(List<Word> words)
    {
        var fields = new List<string>();
        var builder = new FieldBuilder(fields, GetVariable("IFS") ?? DefaultIfs, MaxWordLength);
        foreach (Word word in words)
        {
            foreach (WordPart part in word.Parts)
            {
                if (part is LiteralPart literal)
                {
                    builder.Append(literal.Text, literal.Quoted);
                }
                else if (part is ParameterPart parameter && parameter.Quoted && parameter.Name == "@" && parameter.Operator == ParameterOperator.None)
                {
                    // "$@": one field per positional parameter, the first and
                    // last joined to whatever surrounds it in the word.
                    for (int i = 0; i < _positional.Count; i++)
                    {
                        if (i > 0)
                            builder.Emit();
                        builder.Append(_positional[i], true);
                    }
                }
                else
                {
                    string value = ExpandPart(part);
                    if (part.Quoted)
                        builder.Append(value, true);
                    else
                        builder.Split(value);
                }
            }
            builder.Finish();
        }
        return fields;
    }

    // Assignment values, redirection targets, the case word: one string, no
    // field splitting.
    private string ExpandSingle(Word word)
    {
        var text = new StringBuilder();
        foreach (WordPart part in word.Parts)
            text.Append(part is LiteralPart literal ? literal.Text : ExpandPart(part));
        CheckLength(text.Length, MaxWordLength);
        return text.ToString();
    }

    // Case patterns and ${x#pattern}: quoted characters are escaped so that
    // they match only themselves.
    private string ExpandPattern(Word word)
    {
        var text = new StringBuilder();
        foreach (WordPart part in word.Parts)
        {
            string value = part is LiteralPart literal ? literal.Text : ExpandPart(part);
            text.Append(part.Quoted ? ShellPattern.Escape(value) : value);
        }
        CheckLength(text.Length, MaxWordLength);
        return text.ToString();
    }

    private string ExpandPart(WordPart part)
    {
        if (part is ParameterPart parameter)
            return ExpandParameter(parameter);
        var arithmetic = (ArithmeticPart)part;
        string expression = ExpandSingle(arithmetic.Expression);
        return Arithmetic.Evaluate(expression, this).ToString();
    }

    private string ExpandParameter(ParameterPart part)
    {
        string name = part.Name;
        string? value = LookupParameter(name);
        if (part.Operator == ParameterOperator.Length)
            return (name == "@" || name == "*" ? _positional.Count : (value ?? "").Length).ToString();

        bool missing = value == null || (part.Colon && value.Length == 0);
        Word argument = part.Argument ?? new Word(0);
        switch (part.Operator)
        {
            case ParameterOperator.Default:
                return missing ? ExpandSingle(argument) : value!;
            case ParameterOperator.Assign:
                if (!missing)
                    return value!;
                if (!Lexer.IsName(name))
                    throw new ShellFatalException($"${{{name}}}: cannot assign in this way");
                string assigned = ExpandSingle(argument);
                SetVariable(name, assigned);
                return assigned;
            case ParameterOperator.Alternative:
                return missing ? "" : ExpandSingle(argument);
            case ParameterOperator.Error:
                if (!missing)
                    return value!;
                string message = ExpandSingle(argument);
                if (message.Length == 0)
                    message = part.Colon ? "parameter null or not set" : "parameter not set";
                throw new ShellFatalException(name + ": " + message);
            case ParameterOperator.RemoveSmallestPrefix:
            case ParameterOperator.RemoveLargestPrefix:
                return ShellPattern.RemovePrefix(value ?? "", ExpandPattern(argument), part.Operator == ParameterOperator.RemoveLargestPrefix);
            case ParameterOperator.RemoveSmallestSuffix:
            case ParameterOperator.RemoveLargestSuffix:
                return ShellPattern.RemoveSuffix(value ?? "", ExpandPattern(argument), part.Operator == ParameterOperator.RemoveLargestSuffix);
            default:
                return value ?? "";
        }
    }

    private static void CheckLength(int length, int limit)
    {
        if (length > limit)
            throw new ShellFatalException($"expansion longer than {limit} characters", true);
    }

    // Null for an unset parameter.
    private string? LookupParameter(string name)
    {
        char first = name[0];
        if (first >= '0' && first <= '9')
        {
            if (name.Length > 9)
                return null;
            int index = 0;
            foreach (char digit in name)
                index = index * 10 + (digit - '0');
            if (index == 0)
                return _scriptName;
            return index <= _positional.Count ? _positional[index - 1] : null;
        }
        if (name.Length == 1)
        {
            switch (first)
            {
                case '#': return _positional.Count.ToString();
                case '?': return LastStatus.ToString();
                case '$': return _host.ProcessId.ToString();
                case '-': return "";
                case '!': return _lastBackgroundPid > 0 ? _lastBackgroundPid.ToString() : null;
                case '@':
                case '*': return JoinPositional();
            }
        }
        return GetVariable(name);
    }

    // "$*" joins with the first character of IFS (none if IFS is empty).
    private string JoinPositional()
    {
        string ifs = GetVariable("IFS") ?? DefaultIfs;
        var text = new StringBuilder();
        for (int i = 0; i < _positional.Count; i++)
        {
            if (i > 0 && ifs.Length > 0)
                text.Append(ifs[0]);
            text.Append(_positional[i]);
        }
        return text.ToString();
    }

    // Accumulates fields. IFS white space (space, tab, newline) separates
    // fields and runs of it count once; any other IFS character ends a field
    // even if it is empty, so with IFS=: "a::b" is a, "", b.
    private sealed class FieldBuilder
    {
        private readonly List<string> _fields;
        private readonly string _ifs;
        private readonly StringBuilder _current = new StringBuilder();
        private readonly int _limit;
        private int _total;
        private bool _started;
        private bool _afterWhite;

        internal FieldBuilder(List<string> fields, string ifs, int limit)
        {
            _fields = fields;
            _ifs = ifs;
            _limit = limit;
        }

        // Text that is not split; quoted text makes a field even when empty.
        internal void Append(string text, bool quoted)
        {
            _current.Append(text);
            CheckLength(_total + _current.Length, _limit);
            if (quoted || text.Length > 0)
            {
                _started = true;
                _afterWhite = false;
            }
        }

        internal void Split(string text)
        {
            foreach (char c in text)
            {
                if (_ifs.IndexOf(c) < 0)
                {
                    _current.Append(c);
                    _started = true;
                    _afterWhite = false;
                }
                else if (c == ' ' || c == '\t' || c == '\n')
                {
                    if (_started)
                    {
                        Emit();
                        _afterWhite = true;
                    }
                }
                else
                {
                    if (_started || !_afterWhite)
                        Emit();
                    _afterWhite = false;
                }
            }
        }

        // All fields together count against the limit: "$@" of many
        // parameters is as large as one long word.
        internal void Emit()
        {
            _total += _current.Length + 1;
            CheckLength(_total, _limit);
            _fields.Add(_current.ToString());
            _current.Clear();
            _started = false;
        }

        // The end of a word.
        internal void Finish()
        {
            if (_started)
                Emit();
            _current.Clear();
            _afterWhite = false;
        }
    }
}
