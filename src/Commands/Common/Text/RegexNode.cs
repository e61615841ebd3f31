using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// The parsed form of a regular expression (RegexParser builds it, Regex
// compiles it). Basic and extended syntax give the same nodes.
internal abstract class RegexNode
{
}

// One byte out of a set (a literal is a set of one; "." is every byte).
internal sealed class RegexSet : RegexNode
{
    internal RegexSet(ByteSet set) { Set = set; }

    internal ByteSet Set { get; }
}

// ^ and $.
internal sealed class RegexAnchor : RegexNode
{
    internal RegexAnchor(bool start) { Start = start; }

    internal bool Start { get; }
}

internal sealed class RegexSequence : RegexNode
{
    internal List<RegexNode> Items { get; } = new List<RegexNode>();
}

internal sealed class RegexAlternation : RegexNode
{
    internal List<RegexNode> Choices { get; } = new List<RegexNode>();
}

// node{Min,Max}; Max -1 is unbounded (*, +).
internal sealed class RegexRepeat : RegexNode
{
    internal RegexRepeat(RegexNode body, int min, int max)
    {
        Body = body;
        Min = min;
        Max = max;
    }

    internal RegexNode Body { get; }
    internal int Min { get; }
    internal int Max { get; }
}
