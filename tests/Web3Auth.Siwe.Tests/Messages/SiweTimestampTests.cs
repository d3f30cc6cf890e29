namespace Web3Auth.Siwe.Tests.Messages;

public class SiweTimestampTests
{
    [Theory]
    [InlineData("2021-09-30T16:25:24Z", 0)]
    [InlineData("2021-09-30T16:25:24.1Z", 1_000_000)]
    [InlineData("2021-09-30T16:25:24.12Z", 1_200_000)]
    [InlineData("2021-09-30T16:25:24.123Z", 1_230_000)]
    [InlineData("2021-09-30T16:25:24.1234Z", 1_234_000)]
    [InlineData("2021-09-30T16:25:24.12345Z", 1_234_500)]
    [InlineData("2021-09-30T16:25:24.123456Z", 1_234_560)]
    [InlineData("2021-09-30T16:25:24.1234567Z", 1_234_567)]
    [InlineData("2021-09-30T16:25:24.12345678Z", 1_234_567)]
    [InlineData("2021-09-30T16:25:24.123456789Z", 1_234_567)]
    [InlineData("2021-09-30T16:25:24.000000000000000000000009Z", 0)]
    public void Fractions_of_any_length_are_accepted_and_kept_to_100_ns(string text, long fractionTicks)
    {
        Assert.True(SiweTimestamp.TryParse(text, out var timestamp));

        Assert.Equal(new DateTimeOffset(2021, 9, 30, 16, 25, 24, TimeSpan.Zero).AddTicks(fractionTicks), timestamp.Value);
        Assert.Equal(text, timestamp.Text);
    }

    [Theory]
    [InlineData("2021-09-30T16:25:24+05:30", 330)]
    [InlineData("2021-09-30T16:25:24-02:00", -120)]
    [InlineData("2021-09-30T16:25:24+00:00", 0)]
    [InlineData("2021-09-30T16:25:24-00:00", 0)]
    [InlineData("2021-09-30T16:25:24+14:00", 840)]
    [InlineData("2021-09-30T16:25:24-09:45", -585)]
    public void Offsets_are_applied_and_kept(string text, int offsetMinutes)
    {
        var timestamp = SiweTimestamp.Parse(text);

        var offset = TimeSpan.FromMinutes(offsetMinutes);
        Assert.Equal(offset, timestamp.Value.Offset);
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 16, 25, 24, offset).UtcTicks, timestamp.Value.UtcTicks);
        Assert.Equal(text, timestamp.ToString());
    }

    [Fact]
    public void An_offset_beyond_14_hours_is_valid_rfc_3339_and_gives_a_utc_value()
    {
        var timestamp = SiweTimestamp.Parse("2021-09-30T16:25:24+23:59");

        Assert.Equal(TimeSpan.Zero, timestamp.Value.Offset);
        Assert.Equal(new DateTimeOffset(2021, 9, 29, 16, 26, 24, TimeSpan.Zero), timestamp.Value);
    }

    [Theory]
    [InlineData("2021-09-30t16:25:24z")]
    [InlineData("2021-09-30T16:25:24z")]
    public void Lowercase_t_and_z_are_accepted_as_rfc_3339_allows(string text)
    {
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 16, 25, 24, TimeSpan.Zero), SiweTimestamp.Parse(text).Value);
    }

    [Theory]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2000-02-29T00:00:00Z")]
    [InlineData("2021-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void Real_dates_at_the_edges_are_accepted(string text)
    {
        Assert.True(SiweTimestamp.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2022-02-31T17:09:38.578Z")] // the reference's "invalid issuedAt"
    [InlineData("2021-02-29T00:00:00Z")] // not a leap year
    [InlineData("1900-02-29T00:00:00Z")] // not a leap year either
    [InlineData("2021-04-31T00:00:00Z")]
    [InlineData("2021-00-10T00:00:00Z")]
    [InlineData("2021-13-10T00:00:00Z")]
    [InlineData("2021-01-00T00:00:00Z")]
    [InlineData("2021-01-01T24:00:00Z")]
    [InlineData("2021-01-01T00:60:00Z")]
    [InlineData("2016-12-31T23:59:60Z")] // leap second: not supported
    [InlineData("2021-01-01T00:00:00+24:00")]
    [InlineData("2021-01-01T00:00:00+01:60")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")] // before year 1 in UTC
    [InlineData("9999-12-31T23:59:59-00:01")] // after year 9999 in UTC
    public void Impossible_or_unrepresentable_dates_are_rejected(string text)
    {
        Assert.False(SiweTimestamp.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2021-09-30")]
    [InlineData("2021-09-30T16:25Z")]
    [InlineData("2021-09-30T16:25:24")]
    [InlineData("2021-09-30T16:25:24.Z")]
    [InlineData("2021-09-30T16:25:24,123Z")]
    [InlineData("2021-09-30 16:25:24Z")]
    [InlineData("2021-9-30T16:25:24Z")]
    [InlineData("21-09-30T16:25:24Z")]
    [InlineData("+2021-09-30T16:25:24Z")]
    [InlineData("2021-09-30T16:25:24+0200")]
    [InlineData("2021-09-30T16:25:24+02")]
    [InlineData("2021-09-30T16:25:24 +02:00")]
    [InlineData("2021-09-30T16:25:24ZZ")]
    [InlineData("2021-09-30T16:25:24Z ")]
    [InlineData("2021-09-30T16:25:24UTC")]
    [InlineData("２０２１-09-30T16:25:24Z")]
    [InlineData("Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)")]
    public void Texts_that_are_not_rfc_3339_date_times_are_rejected(string text)
    {
        Assert.False(SiweTimestamp.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SiweTimestamp.Parse(text));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(SiweTimestamp.TryParse(null, out _));
    }

    [Fact]
    public void A_timestamp_from_a_date_time_offset_is_utc_with_milliseconds_and_parses_back_to_itself()
    {
        var instant = new DateTimeOffset(2024, 5, 6, 9, 8, 7, 654, TimeSpan.FromHours(2)).AddTicks(3210);

        var timestamp = SiweTimestamp.FromDateTimeOffset(instant);

        Assert.Equal("2024-05-06T07:08:07.654Z", timestamp.Text);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 7, 654, TimeSpan.Zero), timestamp.Value);
        Assert.Equal(timestamp, SiweTimestamp.Parse(timestamp.Text));
    }

    [Fact]
    public void The_default_timestamp_has_text_matching_its_value()
    {
        var timestamp = default(SiweTimestamp);

        Assert.Equal(SiweTimestamp.Parse(timestamp.Text).Value, timestamp.Value);
    }

    [Fact]
    public void Timestamps_with_the_same_instant_but_different_text_are_not_equal()
    {
        Assert.NotEqual(SiweTimestamp.Parse("2021-09-30T16:25:24Z"), SiweTimestamp.Parse("2021-09-30T16:25:24.000Z"));
        Assert.Equal(SiweTimestamp.Parse("2021-09-30T16:25:24Z"), SiweTimestamp.Parse("2021-09-30T16:25:24Z"));
    }
}
