"""Demo data (演示数据): a county, two town centers, village stations, nine windows each, staff and a catalog."""
