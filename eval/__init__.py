"""The labelled evaluation set (articles written in real outlets' layouts) and its measures."""
