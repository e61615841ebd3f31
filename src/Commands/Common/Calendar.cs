using System.Text;

namespace Minix3.Cosmos.Commands.Common;

// A moment as seconds since the epoch (1970-01-01 00:00:00 UTC) broken
// into the proleptic Gregorian calendar, and date's formats (POSIX
// strftime conversions in the POSIX locale, UTC only).
public readonly struct Calendar
{
    private static readonly string[] Days = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
    private static readonly string[] Months =
        { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" };

    public const string DefaultFormat = "%a %b %e %H:%M:%S %Z %Y";

    public Calendar(long seconds)
    {
        Seconds = seconds;
        long days = FloorDivide(seconds, 86400);
        long rest = seconds - days * 86400;
        Hour = (int)(rest / 3600);
        Minute = (int)(rest / 60 % 60);
        Second = (int)(rest % 60);
        // 1970-01-01 was a Thursday.
        WeekDay = (int)(((days % 7) + 11) % 7);
        CivilFromDays(days, out long year, out int month, out int day);
        Year = year;
        Month = month;
        Day = day;
        YearDay = DayOfYear(year, month, day);
    }

    public long Seconds { get; }
    public long Year { get; }
    public int Month { get; }      // 1..12
    public int Day { get; }        // 1..31
    public int Hour { get; }
    public int Minute { get; }
    public int Second { get; }
    public int WeekDay { get; }    // 0 Sunday
    public int YearDay { get; }    // 1..366

    public static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    // Days since the epoch to year, month, day: count whole 400-year eras
    // (146097 days each), then years of a March-based year (so the leap
    // day is the era-year's last day), then months of 153-day five-month
    // runs.
    private static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        long shifted = days + 719468;                 // days since 0000-03-01
        long era = FloorDivide(shifted, 146097);
        long dayOfEra = shifted - era * 146097;       // 0..146096
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;  // 0 = March
        day = (int)(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    }

    private static int DayOfYear(long year, int month, int day)
    {
        int[] before = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
        return before[month - 1] + day + (month > 2 && IsLeap(year) ? 1 : 0);
    }

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    // format's conversions replaced; an unknown one is kept as written.
    public string Format(string format)
    {
        var text = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%' || i + 1 == format.Length)
            {
                text.Append(c);
                continue;
            }
            char conversion = format[++i];
            switch (conversion)
            {
                case 'a': text.Append(Days[WeekDay].Substring(0, 3)); break;
                case 'A': text.Append(Days[WeekDay]); break;
                case 'b': case 'h': text.Append(Months[Month - 1].Substring(0, 3)); break;
                case 'B': text.Append(Months[Month - 1]); break;
                case 'c': text.Append(Format("%a %b %e %H:%M:%S %Y")); break;
                case 'C': text.Append(Two(Year / 100)); break;
                case 'd': text.Append(Two(Day)); break;
                case 'D': text.Append(Format("%m/%d/%y")); break;
                case 'e': text.Append(Numbers.PadLeft(Day.ToString(), 2)); break;
                case 'F': text.Append(Format("%Y-%m-%d")); break;
                case 'H': text.Append(Two(Hour)); break;
                case 'I': text.Append(Two(Hour % 12 == 0 ? 12 : Hour % 12)); break;
                case 'j': text.Append(Zeros(YearDay, 3)); break;
                case 'm': text.Append(Two(Month)); break;
                case 'M': text.Append(Two(Minute)); break;
                case 'n': text.Append('\n'); break;
                case 'p': text.Append(Hour < 12 ? "AM" : "PM"); break;
                case 'R': text.Append(Format("%H:%M")); break;
                case 's': text.Append(Seconds); break;
                case 'S': text.Append(Two(Second)); break;
                case 't': text.Append('\t'); break;
                case 'T': text.Append(Format("%H:%M:%S")); break;
                case 'u': text.Append(WeekDay == 0 ? 7 : WeekDay); break;
                case 'w': text.Append(WeekDay); break;
                case 'y': text.Append(Two(Year % 100)); break;
                case 'Y': text.Append(Year); break;
                case 'Z': text.Append("UTC"); break;
                case '%': text.Append('%'); break;
                default: text.Append('%').Append(conversion); break;
            }
        }
        return text.ToString();
    }

    private static string Two(long value) => Zeros(value, 2);

    private static string Zeros(long value, int width)
    {
        string digits = value.ToString();
        return digits.Length >= width ? digits : new string('0', width - digits.Length) + digits;
    }
}
