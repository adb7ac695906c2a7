"""Collegium: joint meetings of the collegiums of allied foreign ministries."""
