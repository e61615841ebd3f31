namespace Minix3.Cosmos.Commands.Common.Net;

// wget's progress line on a terminal: "NAME  45%  7.2 MiB" (without the
// percentage when the length is unknown), redrawn with '\r' at most once
// per Step bytes, so a fast download does not spend its time on the
// terminal.
public sealed class HttpProgress
{
    public const long Step = 256 * 1024;

    private readonly string _name;
    private readonly long _total;
    private long _shown = -1;
    private int _width;

    public HttpProgress(string name, long total)
    {
        _name = name;
        _total = total;
    }

    // The text to write ("\r" + line, padded over a longer previous one),
    // or null when less than Step bytes came since the last one.
    public string? Update(long received)
    {
        if (_shown >= 0 && received - _shown < Step)
            return null;
        return Draw(received);
    }

    // The last redraw, whatever the step, then the newline that ends it.
    public string Finish(long received) => Draw(received) + "\n";

    public static string Line(string name, long received, long total)
    {
        string size = Size(received);
        if (total < 0)
            return name + "  " + size;
        long percent = total == 0 ? 100 : received >= total ? 100 : received * 100 / total;
        return name + "  " + percent.ToString() + "%  " + size;
    }

    // 1234 -> "1.2 KiB", 7549747 -> "7.2 MiB" (tenths truncated); below
    // 1 KiB the bytes: "512 B".
    public static string Size(long bytes)
    {
        if (bytes < 1024)
            return bytes.ToString() + " B";
        string unit = "KiB";
        long scale = 1024;
        if (bytes >= 1024L * 1024 * 1024)
        {
            unit = "GiB";
            scale = 1024L * 1024 * 1024;
        }
        else if (bytes >= 1024 * 1024)
        {
            unit = "MiB";
            scale = 1024 * 1024;
        }
        long tenths = bytes * 10 / scale;
        return (tenths / 10).ToString() + "." + (tenths % 10).ToString() + " " + unit;
    }

    private string Draw(long received)
    {
        _shown = received;
        string line = Line(_name, received, _total);
        int pad = _width - line.Length;
        if (line.Length > _width)
            _width = line.Length;
        return "\r" + (pad > 0 ? line + new string(' ', pad) : line);
    }
}
