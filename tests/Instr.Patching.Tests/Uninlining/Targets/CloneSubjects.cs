namespace Instr.Patching.Tests.Uninlining.Targets;

/// <summary>Methods whose IL clones must behave exactly like them: strings, fields, generics, switch, EH, locals.</summary>
public static class CloneSubjects
{
    private static int s_counter = 40;

    public static string WithStringsAndFields(int value)
    {
        s_counter += value;
        return "n=" + s_counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int WithGenericsAndSwitch(int value)
    {
        var holder = new Holder<int>(value);
        switch (holder.Get() % 4)
        {
            case 0: return Helpers.Echo(10);
            case 1: return Helpers.Echo(20);
            case 2: return Helpers.Twice(value);
            default: return -1;
        }
    }

    public static string WithExceptionHandling(string? text)
    {
        var log = new List<string>();
        try
        {
            try
            {
                log.Add(text!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (NullReferenceException)
            {
                log.Add("null");
            }
            finally
            {
                log.Add("finally");
            }

            if (text == "throw")
            {
                throw new InvalidOperationException("boom");
            }
        }
        catch (InvalidOperationException exception) when (exception.Message == "boom")
        {
            log.Add("filtered");
        }

        return string.Join(",", log);
    }
}
