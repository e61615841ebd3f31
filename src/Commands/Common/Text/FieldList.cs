using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// cut's list: "N", "N-M", "N-" and "-M", separated by commas (or blanks),
// positions counted from 1. Selected(n) answers for any position; the
// ranges may overlap and come in any order (cut prints in input order).
public sealed class FieldList
{
    private readonly List<long> _from = new List<long>();
    private readonly List<long> _to = new List<long>();

    private FieldList() { }

    // null, with a reason, for a malformed list.
    public static FieldList? Parse(string text, out string? error)
    {
        error = null;
        var list = new FieldList();
        int i = 0;
        while (i <= text.Length)
        {
            int end = i;
            while (end < text.Length && text[end] != ',' && text[end] != ' ' && text[end] != '\t')
                end++;
            string part = text.Substring(i, end - i);
            if (part.Length == 0)
            {
                error = "empty item in list '" + text + "'";
                return null;
            }
            int dash = part.IndexOf('-');
            long from, to;
            if (dash < 0)
            {
                if (!Position(part, out from))
                    return Invalid(text, out error);
                to = from;
            }
            else
            {
                string left = part.Substring(0, dash), right = part.Substring(dash + 1);
                if (left.Length == 0 && right.Length == 0)
                    return Invalid(text, out error);
                from = 1;
                to = long.MaxValue;
                if (left.Length > 0 && !Position(left, out from))
                    return Invalid(text, out error);
                if (right.Length > 0 && !Position(right, out to))
                    return Invalid(text, out error);
                if (to < from)
                {
                    error = "decreasing range in list '" + text + "'";
                    return null;
                }
            }
            list._from.Add(from);
            list._to.Add(to);
            i = end + 1;
        }
        return list;
    }

    public bool Selected(long position)
    {
        for (int i = 0; i < _from.Count; i++)
        {
            if (position >= _from[i] && position <= _to[i])
                return true;
        }
        return false;
    }

    private static bool Position(string text, out long value) =>
        Numbers.TryParse(text, int.MaxValue, out value) && value >= 1;

    private static FieldList? Invalid(string text, out string? error)
    {
        error = "invalid list '" + text + "' (positions are numbers from 1)";
        return null;
    }
}
