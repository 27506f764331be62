"""Demo data (演示数据): a county, two towns, village stations, nine windows each, staff, a catalog."""
